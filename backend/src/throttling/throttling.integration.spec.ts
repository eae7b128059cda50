import { randomUUID } from 'node:crypto';
import request from 'supertest';

import { createTestApp, TestApp } from '../testing/create-test-app';
import { createTestDatabase, TestDatabase } from '../testing/test-databases';
import { RATE_LIMITS } from './rate-limits';

const ADMIN = { ADMIN_EMAIL: 'platform@beyondask.test', ADMIN_PASSWORD: 'platform-admin-password' };
const JWT_SECRET = 'throttling-test-secret-of-at-least-32-characters';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LOGIN_LIMIT = RATE_LIMITS.loginPerEmail.limit;

function attemptLogin(testApp: TestApp, email: string, password: string, forwardedFor?: string) {
  const pending = request(testApp.app.getHttpServer()).post('/api/v1/auth/login');
  if (forwardedFor) pending.set('X-Forwarded-For', forwardedFor);
  return pending.send({ email, password });
}

async function exhaustLoginLimit(testApp: TestApp, email: string, forwardedFor?: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let attempt = 0; attempt < LOGIN_LIMIT; attempt++) {
    statuses.push((await attemptLogin(testApp, email, 'wrong-password', forwardedFor)).status);
  }
  return statuses;
}

describe('login rate limit', () => {
  let database: TestDatabase;
  let testApp: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    testApp = await createTestApp(database.url, { variables: { ...ADMIN, JWT_SECRET } });
  });

  afterAll(async () => {
    await testApp?.close();
    await database?.drop();
  });

  it('blocks brute force with 429 and Retry-After', async () => {
    const statuses = await exhaustLoginLimit(testApp, ADMIN.ADMIN_EMAIL);

    const blocked = await attemptLogin(testApp, ADMIN.ADMIN_EMAIL, ADMIN.ADMIN_PASSWORD);

    expect(statuses).toEqual(Array(LOGIN_LIMIT).fill(401));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.body.message).toMatch(/^Too many requests; retry after \d+ s$/);
  });

  it('ignores a spoofed X-Forwarded-For without TRUST_PROXY', async () => {
    const email = `victim-${randomUUID()}@beyondask.test`;
    await exhaustLoginLimit(testApp, email, '203.0.113.1');

    const spoofed = await attemptLogin(testApp, email, 'wrong-password', '198.51.100.7');

    expect(spoofed.status).toBe(429);
  });

  it('counts each email separately', async () => {
    await exhaustLoginLimit(testApp, `first-${randomUUID()}@beyondask.test`);

    const other = await attemptLogin(testApp, `second-${randomUUID()}@beyondask.test`, 'wrong-password');

    expect(other.status).toBe(401);
  });
});

describe('login rate limit behind a trusted proxy', () => {
  let database: TestDatabase;
  let testApp: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    testApp = await createTestApp(database.url, { variables: { ...ADMIN, JWT_SECRET, TRUST_PROXY: 'true' } });
  });

  afterAll(async () => {
    await testApp?.close();
    await database?.drop();
  });

  it('counts clients by X-Forwarded-For', async () => {
    const email = `shared-${randomUUID()}@beyondask.test`;
    await exhaustLoginLimit(testApp, email, '203.0.113.1');

    const sameClient = await attemptLogin(testApp, email, 'wrong-password', '203.0.113.1');
    const otherClient = await attemptLogin(testApp, email, 'wrong-password', '198.51.100.7');

    expect(sameClient.status).toBe(429);
    expect(otherClient.status).toBe(401);
  });
});

describe('rate limits in Redis', () => {
  let database: TestDatabase;
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    const variables = { ...ADMIN, JWT_SECRET, REDIS_URL };
    first = await createTestApp(database.url, { variables });
    second = await createTestApp(database.url, { variables });
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await database?.drop();
  });

  it('shares login counts between instances', async () => {
    const email = `redis-${randomUUID()}@beyondask.test`;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < LOGIN_LIMIT; attempt++) {
      const instance = attempt % 2 === 0 ? first : second;
      statuses.push((await attemptLogin(instance, email, 'wrong-password')).status);
    }

    const onFirst = await attemptLogin(first, email, 'wrong-password');
    const onSecond = await attemptLogin(second, email, 'wrong-password');

    expect(statuses).toEqual(Array(LOGIN_LIMIT).fill(401));
    expect(onFirst.status).toBe(429);
    expect(onSecond.status).toBe(429);
    expect(Number(onSecond.headers['retry-after'])).toBeGreaterThan(0);
  });
});
