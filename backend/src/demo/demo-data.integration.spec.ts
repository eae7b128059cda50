import { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { ApiKeysService } from '../api-keys/api-keys.service';
import { createTestApp, TestApp } from '../testing/create-test-app';
import { createTestDatabase, TestDatabase, testDialects } from '../testing/test-databases';
import { DemoDataService, DemoSeedResult } from './demo-data.service';
import { DemoEventSender } from './demo-event-sender';
import { DEMO_PASSWORDS } from './demo-tenants';

const VARIABLES = {
  JWT_SECRET: 'demo-data-test-secret-of-at-least-32-characters',
  ADMIN_EMAIL: 'platform@beyondask.test',
  ADMIN_PASSWORD: 'platform-admin-password',
};
/** About 2,500 events over the three tenants. */
const SMALL_SCALE = 0.01;

/** Starts the app on a free loopback port and returns its base URL, so that the demo posts over real HTTP. */
async function listen(testApp: TestApp): Promise<string> {
  await testApp.app.listen(0, '127.0.0.1');
  const { port } = testApp.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

async function count(dataSource: DataSource, table: string): Promise<number> {
  const [{ total }] = await dataSource.query(`SELECT COUNT(*) AS total FROM ${table}`);
  return Number(total);
}

describe.each(testDialects())('demo data on %s', (dialect) => {
  let database: TestDatabase;
  let testApp: TestApp;
  let baseUrl: string;
  let dataSource: DataSource;
  let result: DemoSeedResult | null;

  const http = () => request(testApp.app.getHttpServer());

  async function login(email: string, password: string): Promise<{ token: string; role: string; tenantId: string }> {
    const response = await http().post('/api/v1/auth/login').send({ email, password });
    expect({ email, status: response.status }).toEqual({ email, status: 200 });
    return { token: response.body.accessToken, role: response.body.user.role, tenantId: response.body.user.tenantId };
  }

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    testApp = await createTestApp(database.url, { variables: VARIABLES });
    baseUrl = await listen(testApp);
    dataSource = testApp.app.get(DataSource);
    result = await testApp.app.get(DemoDataService).seedIfEmpty(baseUrl, { scale: SMALL_SCALE, batchSize: 200 });
  });

  afterAll(async () => {
    await testApp?.close();
    await database?.drop();
  });

  it('creates three tenants with their logins', async () => {
    expect(result?.tenants.map((tenant) => tenant.profile.timezone)).toEqual(['America/New_York', 'Europe/Berlin', 'Asia/Kolkata']);
    expect(result?.tenants.map((tenant) => tenant.timezone)).toEqual(['America/New_York', 'Europe/Berlin', 'Asia/Kolkata']);

    for (const { tenantId, profile } of result?.tenants ?? []) {
      const admin = await login(profile.adminEmail, DEMO_PASSWORDS.tenantAdmin);
      const member = await login(profile.memberEmail, DEMO_PASSWORDS.member);

      expect(admin).toEqual({ token: expect.any(String), role: 'tenant_admin', tenantId });
      expect(member).toEqual({ token: expect.any(String), role: 'member', tenantId });
    }
  });

  it('ingests every event once', () => {
    for (const { profile, expected, ingested } of result?.tenants ?? []) {
      expect({ tenant: profile.slug, ...ingested, retries: 0 }).toEqual({
        tenant: profile.slug,
        accepted: expected.acceptedEvents,
        duplicates: expected.duplicates,
        rejected: 0,
        warnings: expected.invalidCountries,
        retries: 0,
      });
      expect(expected.duplicates).toBeGreaterThan(0);
    }
  });

  it('reports the generated totals in the summary', async () => {
    for (const { tenantId, profile, expected } of result?.tenants ?? []) {
      const { token } = await login(profile.memberEmail, DEMO_PASSWORDS.member);

      const summary = await http().get(`/api/v1/tenants/${tenantId}/usage/summary`).set('Authorization', `Bearer ${token}`);

      expect(summary.status).toBe(200);
      expect(summary.body.timezone).toBe(profile.timezone);
      expect({
        tenant: profile.slug,
        words: summary.body.words.lifetime,
        apiRequests: summary.body.apiRequests.lifetime,
        questions: summary.body.questions.lifetime,
        contacts: summary.body.contacts.lifetime,
        usedBytes: summary.body.storage.usedBytes,
        quotaBytes: summary.body.storage.quotaBytes,
      }).toEqual({
        tenant: profile.slug,
        words: expected.words,
        apiRequests: expected.apiRequests,
        questions: expected.questions,
        contacts: expected.contacts,
        usedBytes: expected.storageBytes,
        quotaBytes: profile.storageQuotaBytes,
      });
    }
  });

  it('rolls up every month of the history', async () => {
    const markersLeft = await count(dataSource, 'rollup_markers');

    expect(result?.rollup?.processedEvents).toBeGreaterThan(0);
    expect(markersLeft).toBe(0);
    for (const { tenantId, profile } of result?.tenants ?? []) {
      const rolledUp: Array<{ month: string }> = await dataSource.query(
        "SELECT DISTINCT month FROM usage_monthly WHERE tenant_id = ? AND metric IN ('words', 'apiRequests', 'questions')",
        [tenantId],
      );
      const raw: Array<{ occurred_at_ms: number }> = await dataSource.query(
        "SELECT occurred_at_ms FROM usage_events WHERE tenant_id = ? AND type IN ('words', 'api_request', 'question')",
        [tenantId],
      );
      const rawMonths = new Set(raw.map((row) => DateTime.fromMillis(Number(row.occurred_at_ms), { zone: profile.timezone }).toFormat('yyyy-MM')));

      expect({ tenant: profile.slug, months: rolledUp.map((row) => row.month).sort() }).toEqual({ tenant: profile.slug, months: [...rawMonths].sort() });
      // The history spans 13 months back and this month. At this small scale, the partial first or last month may be empty.
      expect(rawMonths.size).toBeGreaterThanOrEqual(13);
    }
  });

  it('creates nothing on a database with tenants', async () => {
    const eventsBefore = await count(dataSource, 'usage_events');

    const again = await testApp.app.get(DemoDataService).seedIfEmpty(baseUrl, { scale: SMALL_SCALE });

    expect(again).toBeNull();
    expect(await count(dataSource, 'tenants')).toBe(3);
    expect(await count(dataSource, 'users')).toBe(7);
    expect(await count(dataSource, 'usage_events')).toBe(eventsBefore);
    expect(testApp.logEntries.some((entry) => entry.msg === 'Skipped the demo data because the database has tenants')).toBe(true);
  });

  it('paces requests to the rate limit', async () => {
    const tenantId = result?.tenants[0].tenantId as string;
    const { key } = await testApp.app.get(ApiKeysService).create(tenantId, 'Pacing test');
    const sender = new DemoEventSender({ baseUrl, apiKey: key, tenantId, requestsPerSecond: 2, concurrency: 4, batchSize: 10 });
    const events = Array.from({ length: 60 }, (_unused, index) => ({
      id: `pacing-${index}`,
      type: 'api_request' as const,
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
    }));
    const startedAtMs = Date.now();

    const totals = await sender.send(events);

    // Six requests at two per second: the fifth and sixth start two rate windows after the first two.
    expect(Date.now() - startedAtMs).toBeGreaterThanOrEqual(2000);
    expect(totals).toEqual({ accepted: 60, duplicates: 0, rejected: 0, warnings: 0, retries: 0 });
  });
});

describe('demo data under a tight rate limit', () => {
  let database: TestDatabase;
  let testApp: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    testApp = await createTestApp(database.url, { variables: { ...VARIABLES, INGEST_RATE_LIMIT: '3' } });
  });

  afterAll(async () => {
    await testApp?.close();
    await database?.drop();
  });

  it('retries after 429 and loses nothing', async () => {
    const baseUrl = await listen(testApp);

    // The sender assumes a higher limit than the server's 3 per second, so the server responds 429.
    const result = await testApp.app.get(DemoDataService).seedIfEmpty(baseUrl, { scale: 0.004, batchSize: 50, requestsPerSecond: 1000 });

    for (const { profile, expected, ingested } of result?.tenants ?? []) {
      expect({ tenant: profile.slug, accepted: ingested.accepted, duplicates: ingested.duplicates }).toEqual({
        tenant: profile.slug,
        accepted: expected.acceptedEvents,
        duplicates: expected.duplicates,
      });
    }
    expect(result?.tenants.some((tenant) => tenant.ingested.retries > 0)).toBe(true);
    expect(testApp.logEntries.some((entry) => entry.msg === 'Retrying a batch of demo events' && entry.level === 40)).toBe(true);
  });
});
