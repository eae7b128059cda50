import { createTestApp, TestApp } from '../testing/create-test-app';
import { createTestDatabase, TestDatabase, testDialects } from '../testing/test-databases';
import { JobLeaseService } from './job-lease.service';

describe.each(testDialects())('job lease on %s', (dialect) => {
  let database: TestDatabase;
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    const variables = { JWT_SECRET: 'lease-test-secret-of-at-least-32-characters', ADMIN_PASSWORD: 'lease-admin-password' };
    first = await createTestApp(database.url, { variables });
    second = await createTestApp(database.url, { variables });
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await database?.drop();
  });

  it('lets one instance hold a lease at a time', async () => {
    const leaseOfFirst = first.app.get(JobLeaseService);
    const leaseOfSecond = second.app.get(JobLeaseService);

    expect(await leaseOfFirst.acquire('test-job', 60_000)).toBe(true);
    expect(await leaseOfSecond.acquire('test-job', 60_000)).toBe(false);
    expect(await leaseOfFirst.acquire('test-job', 60_000)).toBe(true);

    await leaseOfFirst.release('test-job');
    expect(await leaseOfSecond.acquire('test-job', 60_000)).toBe(true);
    expect(await leaseOfFirst.acquire('test-job', 60_000)).toBe(false);
  });

  it('hands over an expired lease', async () => {
    const leaseOfFirst = first.app.get(JobLeaseService);
    const leaseOfSecond = second.app.get(JobLeaseService);

    expect(await leaseOfFirst.acquire('short-job', 50)).toBe(true);
    await new Promise((wait) => setTimeout(wait, 100));

    expect(await leaseOfSecond.acquire('short-job', 60_000)).toBe(true);
  });
});
