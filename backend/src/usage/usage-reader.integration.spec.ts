import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

import { createTestApp, TestApp } from '../testing/create-test-app';
import { createTestDatabase, TestDatabase, testDialects } from '../testing/test-databases';
import { UsageReader } from './usage-reader';

const VARIABLES = {
  JWT_SECRET: 'reader-test-secret-of-at-least-32-characters',
  ADMIN_EMAIL: 'platform@beyondask.test',
  ADMIN_PASSWORD: 'platform-admin-password',
  ROLLUP_CRON: 'off',
};

describe.each(testDialects())('usage reader on %s', (dialect) => {
  let database: TestDatabase;
  let testApp: TestApp;
  let dataSource: DataSource;
  let reader: UsageReader;

  async function insertSnapshots(tenantId: string): Promise<void> {
    await dataSource.query('INSERT INTO usage_daily (tenant_id, metric, day, value) VALUES (?, ?, ?, ?), (?, ?, ?, ?), (?, ?, ?, ?), (?, ?, ?, ?)', [
      tenantId, 'words', '2026-10-31', 5,
      tenantId, 'words', '2026-11-01', 7,
      tenantId, 'questions', '2026-11-02', 3,
      tenantId, 'words', '2026-11-03', 11,
    ]);
    await dataSource.query('INSERT INTO usage_monthly (tenant_id, metric, month, value) VALUES (?, ?, ?, ?), (?, ?, ?, ?), (?, ?, ?, ?)', [
      tenantId, 'words', '2026-10', 9_007_199_254_740,
      tenantId, 'words', '2026-11', 18,
      tenantId, 'questions', '2026-11', 3,
    ]);
  }

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    testApp = await createTestApp(database.url, { variables: VARIABLES });
    dataSource = testApp.app.get(DataSource);
    reader = testApp.app.get(UsageReader);
  });

  afterAll(async () => {
    await testApp?.close();
    await database?.drop();
  });

  it('reads settled days and lifetime', async () => {
    const tenantId = randomUUID();
    await insertSnapshots(tenantId);

    const settled = await reader.settledValues(tenantId, '2026-11-01', '2026-11-02', { lifetime: true });

    expect(settled).not.toBeNull();
    expect(Object.fromEntries(settled!.days.get('words')!)).toEqual({ '2026-11-01': 7 });
    expect(Object.fromEntries(settled!.days.get('questions')!)).toEqual({ '2026-11-02': 3 });
    expect(Object.fromEntries(settled!.days.get('contacts')!)).toEqual({});
    expect(Object.fromEntries(settled!.lifetime)).toEqual({ words: 9_007_199_254_758, apiRequests: 0, questions: 3, contacts: 0 });
  });

  it('reads one metric without lifetime', async () => {
    const tenantId = randomUUID();
    await insertSnapshots(tenantId);

    const settled = await reader.settledValues(tenantId, '2026-10-01', '2026-11-30', { metric: 'words', lifetime: false });

    expect(Object.fromEntries(settled!.days.get('words')!)).toEqual({ '2026-10-31': 5, '2026-11-01': 7, '2026-11-03': 11 });
    expect(Object.fromEntries(settled!.days.get('questions')!)).toEqual({});
    expect(Object.fromEntries(settled!.lifetime)).toEqual({ words: 0, apiRequests: 0, questions: 0, contacts: 0 });
  });

  it('returns null while the tenant has a marker', async () => {
    const tenantId = randomUUID();
    await insertSnapshots(tenantId);
    await dataSource.query('INSERT INTO rollup_markers (tenant_id, utc_day) VALUES (?, ?)', [tenantId, 20_760]);

    const settled = await reader.settledValues(tenantId, '2026-11-01', '2026-11-02', { lifetime: true });

    expect(settled).toBeNull();
  });

  it("ignores another tenant's markers", async () => {
    const tenantId = randomUUID();
    await insertSnapshots(tenantId);
    await dataSource.query('INSERT INTO rollup_markers (tenant_id, utc_day) VALUES (?, ?)', [randomUUID(), 20_760]);

    const settled = await reader.settledValues(tenantId, '2026-11-01', '2026-11-01', { lifetime: false });

    expect(Object.fromEntries(settled!.days.get('words')!)).toEqual({ '2026-11-01': 7 });
  });
});
