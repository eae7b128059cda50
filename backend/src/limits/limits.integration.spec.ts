import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { OutboxWorker } from '../mail/outbox-worker';
import { createTestApp, TestApp } from '../testing/create-test-app';
import { createTestDatabase, TestDatabase, testDialects } from '../testing/test-databases';
import { SmtpTestServer } from '../testing/smtp-test-server';
import { LimitEvaluator } from './limit-evaluator.service';
import { EVALUATION_DELAY_MS } from './limit-watcher';

const VARIABLES = {
  JWT_SECRET: 'limits-test-secret-of-at-least-32-characters',
  ADMIN_EMAIL: 'platform@beyondask.test',
  ADMIN_PASSWORD: 'platform-admin-password',
  PUBLIC_URL: 'https://metrics.example.test',
  MAIL_FROM: 'BeyondAsk Alerts <alerts@beyondask.test>',
};
const PASSWORD = 'tenant-user-password';

interface TestTenant {
  id: string;
  key: string;
  adminEmail: string;
  adminToken: string;
  memberToken: string;
}

describe.each(testDialects())('limits and alerts on %s', (dialect) => {
  let database: TestDatabase;
  let smtp: SmtpTestServer;
  let testApp: TestApp;
  let dataSource: DataSource;
  let platformToken: string;

  const http = () => request(testApp.app.getHttpServer());
  const as = (token: string, pending: request.Test) => pending.set('Authorization', `Bearer ${token}`);

  async function login(email: string, password: string): Promise<string> {
    const response = await http().post('/api/v1/auth/login').send({ email, password });
    expect(response.status).toBe(200);
    return response.body.accessToken;
  }

  async function createTenant(timezone = 'Europe/Berlin', name = `Tenant ${randomUUID()}`): Promise<TestTenant> {
    const tenant = await as(platformToken, http().post('/api/v1/admin/tenants')).send({ name, timezone });
    const id = tenant.body.id as string;
    const key = await as(platformToken, http().post(`/api/v1/tenants/${id}/api-keys`)).send({ name: 'Limits test' });
    const adminEmail = `admin-${id}@acme.test`;
    const memberEmail = `member-${id}@acme.test`;
    for (const [email, role] of [[adminEmail, 'tenant_admin'], [memberEmail, 'member']]) {
      const user = await as(platformToken, http().post(`/api/v1/admin/tenants/${id}/users`)).send({ email, password: PASSWORD, role });
      expect(user.status).toBe(201);
    }
    return { id, key: key.body.key, adminEmail, adminToken: await login(adminEmail, PASSWORD), memberToken: await login(memberEmail, PASSWORD) };
  }

  async function send(tenant: TestTenant, events: object[]): Promise<void> {
    const response = await http().post('/api/v1/events').set('X-API-Key', tenant.key).send({ events });
    expect(response.status).toBe(200);
    expect(response.body.rejected).toEqual([]);
  }

  /** Events of one type a minute ago, each with a fresh id. */
  function recent(type: string, count: number, quantity?: number): object[] {
    const occurredAt = new Date(Date.now() - 60_000).toISOString();
    return Array.from({ length: count }, () => ({ id: randomUUID(), type, occurredAt, ...(quantity === undefined ? {} : { quantity }) }));
  }

  async function putLimit(tenant: TestTenant, metric: string, body: object, token = tenant.adminToken): Promise<request.Response> {
    return as(token, http().put(`/api/v1/tenants/${tenant.id}/limits/${metric}`)).send(body);
  }

  async function runRollup(): Promise<void> {
    const response = await as(platformToken, http().post('/api/v1/admin/rollups/run'));
    expect(response.status).toBe(200);
  }

  /**
   * Lists the tenant's alerts of one kind. Threshold tests filter out forecasts, because whether a
   * forecast is due depends on the day of the month the test runs.
   */
  async function alertsOf(tenantId: string, kind: 'threshold' | 'forecast'): Promise<Array<{ metric: string; month: string; kind: string; threshold: number }>> {
    const rows = await dataSource.query('SELECT metric, month, kind, threshold FROM limit_alerts WHERE tenant_id = ? AND kind = ? ORDER BY month, threshold', [
      tenantId,
      kind,
    ]);
    return rows.map((row: { metric: string; month: string; kind: string; threshold: number }) => ({ ...row, threshold: Number(row.threshold) }));
  }

  /** Runs every path that could send again: the rollup, the evaluator, the outbox a day later, and the watcher's delay. */
  async function settle(): Promise<void> {
    await runRollup();
    await testApp.app.get(LimitEvaluator).evaluateAll();
    await testApp.app.get(OutboxWorker).processDue(Date.now() + 86_400_000);
    await new Promise((wait) => setTimeout(wait, EVALUATION_DELAY_MS + 1000));
    await testApp.app.get(OutboxWorker).processDue(Date.now() + 86_400_000);
  }

  beforeAll(async () => {
    smtp = new SmtpTestServer();
    await smtp.start();
    database = await createTestDatabase(dialect);
    testApp = await createTestApp(database.url, { variables: { ...VARIABLES, SMTP_URL: smtp.url } });
    dataSource = testApp.app.get(DataSource);
    platformToken = await login(VARIABLES.ADMIN_EMAIL, VARIABLES.ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await testApp?.close();
    await database?.drop();
    await smtp?.stop();
  });

  it('emails once at 80 % with the right numbers', async () => {
    const tenant = await createTenant('Europe/Berlin', 'Acme <GmbH>');
    const recipients = [`ops-${tenant.id}@acme.test`, `cfo-${tenant.id}@acme.test`];
    const saved = await putLimit(tenant, 'words', { monthlyLimit: 1_000_000, notifyEmails: recipients });
    expect(saved.status).toBe(200);

    await send(tenant, [...recent('words', 1, 800_000), ...recent('words', 1, 12_345)]);
    await runRollup();

    const [toOps] = await smtp.waitFor(recipients[0], 1);
    const [toCfo] = await smtp.waitFor(recipients[1], 1);
    for (const email of [toOps, toCfo]) {
      expect(email.to).toHaveLength(1);
      expect(email.from).toBe('alerts@beyondask.test');
      expect(email.subject).toBe('BeyondAsk: words at 80 % of your monthly limit');
      expect(email.text).toContain('Acme <GmbH> has used 812,345 words this month, 81.23 % of its monthly limit of 1,000,000 words.');
      expect(email.text).toContain('It has reached the alert threshold of 80 %.');
      expect(email.text).toMatch(/The limit resets on 1 \w+ \d{4} at 00:00 \(Europe\/Berlin\)\./);
      expect(email.text).toContain(`Limits in the dashboard: https://metrics.example.test/tenants/${tenant.id}/limits`);
      expect(email.html).toContain('Acme &lt;GmbH&gt; has used 812,345 words');
      expect(email.html).not.toContain('Acme <GmbH>');
    }
    expect(smtp.to(tenant.adminEmail)).toHaveLength(0);

    await settle();

    expect(smtp.to(recipients[0])).toHaveLength(1);
    expect(smtp.to(recipients[1])).toHaveLength(1);
    expect(await alertsOf(tenant.id, 'threshold')).toEqual([{ metric: 'words', month: expect.any(String), kind: 'threshold', threshold: 80 }]);
  });

  it('alerts 80 and 100 % of one batch without repeating either', async () => {
    const tenant = await createTenant();
    await putLimit(tenant, 'questions', { monthlyLimit: 10 });

    await send(tenant, recent('question', 12));

    const [email] = await smtp.waitFor(tenant.adminEmail, 1);
    expect(email.subject).toBe('BeyondAsk: questions at 100 % of your monthly limit');
    expect(email.text).toContain('has used 12 questions this month, 120.00 % of its monthly limit of 10 questions.');
    expect(email.text).toContain('It has reached the alert thresholds of 80 % and 100 %.');

    await settle();

    expect(smtp.to(tenant.adminEmail)).toHaveLength(1);
    expect((await alertsOf(tenant.id, 'threshold')).map((alert) => alert.threshold)).toEqual([80, 100]);
    const limits = await as(tenant.memberToken, http().get(`/api/v1/tenants/${tenant.id}/limits`));
    expect(limits.body[0].alertedThresholds).toEqual([80, 100]);
  });

  it('emails an alert once after an SMTP outage', async () => {
    const tenant = await createTenant();
    await send(tenant, recent('question', 9));
    await smtp.stop();

    try {
      const lowered = await putLimit(tenant, 'questions', { monthlyLimit: 10 });
      expect(lowered.body.alertedThresholds).toEqual([80]);
      // The alert wakes the worker, so the first attempt may run there or here; wait until one has failed.
      let waiting: { status: string; attempts: number; last_error: string | null } | undefined;
      for (let poll = 0; poll < 100 && !(waiting?.status === 'pending' && Number(waiting.attempts) >= 1); poll++) {
        await testApp.app.get(OutboxWorker).processDue();
        [waiting] = await dataSource.query('SELECT status, attempts, last_error FROM email_outbox WHERE recipient = ?', [tenant.adminEmail]);
        await new Promise((wait) => setTimeout(wait, 50));
      }
      expect(waiting?.status).toBe('pending');
      expect(Number(waiting?.attempts)).toBeGreaterThanOrEqual(1);
      expect(waiting?.last_error).toContain('ECONNREFUSED');
    } finally {
      await smtp.start();
    }
    await testApp.app.get(OutboxWorker).processDue(Date.now() + 3_600_000);

    const [email] = await smtp.waitFor(tenant.adminEmail, 1);
    expect(email.subject).toBe('BeyondAsk: questions at 80 % of your monthly limit');
    await settle();
    expect(smtp.to(tenant.adminEmail)).toHaveLength(1);
  });

  it('alerts within seconds of ingestion without a rollup', async () => {
    const tenant = await createTenant();
    await putLimit(tenant, 'apiRequests', { monthlyLimit: 100, thresholds: [50] });
    const sentAt = Date.now();

    await send(tenant, recent('api_request', 1, 60));

    await smtp.waitFor(tenant.adminEmail, 1, 20_000);
    expect(Date.now() - sentAt).toBeLessThan(60_000);
  });

  it('alerts again in a new month', async () => {
    const tenant = await createTenant('America/New_York');
    await putLimit(tenant, 'apiRequests', { monthlyLimit: 100 });
    const zone = 'America/New_York';
    const lastMonth = DateTime.now().setZone(zone).startOf('month').minus({ months: 1 });
    await send(tenant, [{ id: randomUUID(), type: 'api_request', occurredAt: lastMonth.plus({ days: 3 }).toISO(), quantity: 120 }]);

    const firedLastMonth = await testApp.app.get(LimitEvaluator).evaluateTenant(tenant.id, { nowMs: lastMonth.plus({ days: 20 }).toMillis() });
    expect(firedLastMonth).toBe(1);
    await smtp.waitFor(tenant.adminEmail, 1);

    await send(tenant, recent('api_request', 1, 120));
    await runRollup();
    await smtp.waitFor(tenant.adminEmail, 2);
    await settle();

    expect(smtp.to(tenant.adminEmail)).toHaveLength(2);
    const months = (await alertsOf(tenant.id, 'threshold')).map((alert) => `${alert.month}:${alert.threshold}`);
    const thisMonth = DateTime.now().setZone(zone).toFormat('yyyy-MM');
    expect(months).toEqual([`${lastMonth.toFormat('yyyy-MM')}:80`, `${lastMonth.toFormat('yyyy-MM')}:100`, `${thisMonth}:80`, `${thisMonth}:100`]);
  });

  it('alerts at once when a limit is lowered below usage, not when raised', async () => {
    const tenant = await createTenant();
    await send(tenant, recent('question', 50));
    await runRollup();

    expect((await putLimit(tenant, 'questions', { monthlyLimit: 1000 })).body.alertedThresholds).toEqual([]);
    const lowered = await putLimit(tenant, 'questions', { monthlyLimit: 50 });
    expect(lowered.body).toMatchObject({ used: 50, percentUsed: 100, alertedThresholds: [80, 100] });
    await smtp.waitFor(tenant.adminEmail, 1);

    // So high that no forecast is due either: 50 a month is far below 10,000.
    await putLimit(tenant, 'questions', { monthlyLimit: 10_000 });
    await putLimit(tenant, 'questions', { monthlyLimit: 40 });
    await settle();

    expect(smtp.to(tenant.adminEmail)).toHaveLength(1);
  });

  it('counts usage exactly at a threshold as reaching it', async () => {
    const tenant = await createTenant();
    await putLimit(tenant, 'contacts', { monthlyLimit: 5, thresholds: [60] });

    await send(tenant, recent('contact', 3).map((event, index) => ({ ...event, contactId: `c${index}` })));
    await runRollup();

    expect((await alertsOf(tenant.id, 'threshold')).map((alert) => alert.threshold)).toEqual([60]);
  });

  it('sends one forecast alert with the day the limit is reached', async () => {
    const tenant = await createTenant('UTC');
    await putLimit(tenant, 'apiRequests', { monthlyLimit: 1000 });
    const monthStart = DateTime.utc().startOf('month').minus({ months: 1 });
    // 120 a day on the first five days: 600 after 10 days is a pace of 60 a day, reaching 1000 on day 17.
    await send(tenant, [0, 1, 2, 3, 4].map((day) => ({ id: randomUUID(), type: 'api_request', occurredAt: monthStart.plus({ days: day, hours: 12 }).toISO(), quantity: 120 })));
    const evaluator = testApp.app.get(LimitEvaluator);

    expect(await evaluator.evaluateTenant(tenant.id, { nowMs: monthStart.plus({ days: 10 }).toMillis() })).toBe(1);
    expect(await evaluator.evaluateTenant(tenant.id, { nowMs: monthStart.plus({ days: 11 }).toMillis() })).toBe(0);

    const [email] = await smtp.waitFor(tenant.adminEmail, 1);
    const reachDay = monthStart.plus({ days: 16 });
    expect(email.subject).toBe(`BeyondAsk: API requests on track to reach your monthly limit on ${reachDay.setLocale('en-US').toFormat('d MMMM')}`);
    expect(email.text).toContain(`uses about ${(600 + 60 * (monthStart.daysInMonth! - 10)).toLocaleString('en-US')} API requests by the end of the month`);
    expect(await alertsOf(tenant.id, 'forecast')).toEqual([{ metric: 'apiRequests', month: monthStart.toFormat('yyyy-MM'), kind: 'forecast', threshold: 0 }]);
    expect(await alertsOf(tenant.id, 'threshold')).toEqual([]);
  });

  it('lists limits with usage, projection and reset time', async () => {
    const tenant = await createTenant('Europe/Berlin');
    await putLimit(tenant, 'storageBytes', { monthlyLimit: 10_000, thresholds: [90] });
    await putLimit(tenant, 'words', { monthlyLimit: 1000, thresholds: [100, 50], notifyEmails: [' Ops@Acme.test '] });
    await send(tenant, [{ id: randomUUID(), type: 'storage_put', occurredAt: new Date(Date.now() - 60_000).toISOString(), objectId: 'a', bytes: 2500, kind: 'media' }]);
    await send(tenant, recent('words', 1, 10));

    const response = await as(tenant.memberToken, http().get(`/api/v1/tenants/${tenant.id}/limits`));

    expect(response.status).toBe(200);
    const [words, storage] = response.body;
    const now = DateTime.now().setZone('Europe/Berlin');
    expect(words).toMatchObject({
      metric: 'words',
      monthlyLimit: 1000,
      thresholds: [50, 100],
      notifyEmails: ['Ops@Acme.test'],
      used: 10,
      percentUsed: 1,
      timezone: 'Europe/Berlin',
      month: now.toFormat('yyyy-MM'),
      resetsAt: now.startOf('month').plus({ months: 1 }).toISO(),
    });
    expect(words.projectedMonthEnd).toBeGreaterThanOrEqual(10);
    expect(DateTime.fromISO(words.resetsAt, { setZone: true }).setZone('Europe/Berlin').toFormat('d HH:mm')).toBe('1 00:00');
    expect(storage).toMatchObject({ metric: 'storageBytes', monthlyLimit: 10_000, used: 2500, percentUsed: 25, projectedMonthEnd: 2500, resetsAt: words.resetsAt });
  });

  it('checks a hard limit for users and API keys', async () => {
    const tenant = await createTenant();
    await putLimit(tenant, 'questions', { monthlyLimit: 3 });
    await send(tenant, recent('question', 2));

    const below = await as(tenant.memberToken, http().get(`/api/v1/tenants/${tenant.id}/limits/check`)).query({ metric: 'questions' });
    expect(below.body).toEqual({ metric: 'questions', allowed: true, remaining: 1, monthlyLimit: 3, used: 2 });

    await send(tenant, recent('question', 1));
    const reached = await http().get('/api/v1/limits/check').set('X-API-Key', tenant.key).query({ metric: 'questions' });
    expect(reached.body).toEqual({ metric: 'questions', allowed: false, remaining: 0, monthlyLimit: 3, used: 3 });

    const unlimited = await as(tenant.adminToken, http().get(`/api/v1/tenants/${tenant.id}/limits/check`)).query({ metric: 'words' });
    expect(unlimited.body).toEqual({ metric: 'words', allowed: true, remaining: null, monthlyLimit: null, used: 0 });

    const unknown = await as(tenant.adminToken, http().get(`/api/v1/tenants/${tenant.id}/limits/check`)).query({ metric: 'pages' });
    expect(unknown.status).toBe(400);
  });

  it('lets members read limits but not change them', async () => {
    const tenant = await createTenant();
    const other = await createTenant();
    await putLimit(tenant, 'words', { monthlyLimit: 100 });

    const put = await putLimit(tenant, 'words', { monthlyLimit: 5 }, tenant.memberToken);
    const removed = await as(tenant.memberToken, http().delete(`/api/v1/tenants/${tenant.id}/limits/words`));
    const read = await as(tenant.memberToken, http().get(`/api/v1/tenants/${tenant.id}/limits/words`));
    const foreign = await putLimit(tenant, 'words', { monthlyLimit: 5 }, other.adminToken);

    expect(put.status).toBe(403);
    expect(put.body.message).toContain('tenant_admin or platform_admin');
    expect(removed.status).toBe(403);
    expect(read.status).toBe(200);
    expect(read.body.monthlyLimit).toBe(100);
    expect(foreign.status).toBe(404);
    expect((await putLimit(tenant, 'words', { monthlyLimit: 5 }, platformToken)).status).toBe(200);
  });

  it('removes a limit', async () => {
    const tenant = await createTenant();
    await putLimit(tenant, 'words', { monthlyLimit: 100 });

    expect((await as(tenant.adminToken, http().delete(`/api/v1/tenants/${tenant.id}/limits/words`))).status).toBe(204);
    expect((await as(tenant.adminToken, http().delete(`/api/v1/tenants/${tenant.id}/limits/words`))).status).toBe(404);
    expect((await as(tenant.adminToken, http().get(`/api/v1/tenants/${tenant.id}/limits`))).body).toEqual([]);
  });

  it.each([
    ['words', { monthlyLimit: 0 }, 'monthlyLimit must be a whole number from 1'],
    ['words', { monthlyLimit: -5 }, 'monthlyLimit must be a whole number from 1'],
    ['words', { monthlyLimit: 1.5 }, 'monthlyLimit must be a whole number from 1'],
    ['words', { monthlyLimit: '100' }, 'monthlyLimit must be a whole number from 1'],
    ['words', {}, 'monthlyLimit must be a whole number from 1'],
    ['words', { monthlyLimit: 10, thresholds: [0] }, 'thresholds must be whole percentages from 1 to 1000; 0 is not'],
    ['words', { monthlyLimit: 10, thresholds: [1001] }, 'thresholds must be whole percentages from 1 to 1000; 1001 is not'],
    ['words', { monthlyLimit: 10, thresholds: [80, 80] }, 'thresholds must not repeat a value; 80 appears more than once'],
    ['words', { monthlyLimit: 10, thresholds: [] }, 'thresholds must contain 1 to 10 percentages (got 0)'],
    ['words', { monthlyLimit: 10, thresholds: '80' }, 'thresholds must be an array'],
    ['words', { monthlyLimit: 10, notifyEmails: ['ops@acme.test', 'not-an-email'] }, 'notifyEmails must contain email addresses; "not-an-email" is not one'],
    ['words', { monthlyLimit: 10, notifyEmails: ['a@acme.test', 'A@acme.test'] }, 'notifyEmails must not repeat an address'],
    ['words', { monthlyLimit: 10, burst: true }, 'property burst should not exist'],
    ['pages', { monthlyLimit: 10 }, 'metric must be one of words, apiRequests, questions, contacts, storageBytes (got "pages")'],
  ])('rejects PUT %s %j', async (metric, body, message) => {
    const tenant = await createTenant();

    const response = await putLimit(tenant, metric, body);

    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.message)).toContain(message.replace(/"/g, '\\"'));
    expect((await as(tenant.adminToken, http().get(`/api/v1/tenants/${tenant.id}/limits`))).body).toEqual([]);
  });

  it('keeps notifications and their read state per user', async () => {
    const tenant = await createTenant();
    await putLimit(tenant, 'questions', { monthlyLimit: 4, thresholds: [50] });
    await send(tenant, recent('question', 2));
    await runRollup();
    await putLimit(tenant, 'words', { monthlyLimit: 1, thresholds: [100] });
    await send(tenant, recent('words', 1, 1));
    await runRollup();
    const path = `/api/v1/tenants/${tenant.id}/notifications`;

    const list = await as(tenant.memberToken, http().get(path));
    expect(list.status).toBe(200);
    expect(list.body.unreadCount).toBe(2);
    expect(list.body.items.map((item: { title: string }) => item.title)).toEqual(['words at 100 % of the monthly limit', 'questions at 50 % of the monthly limit']);
    expect(list.body.items[1]).toMatchObject({ kind: 'limit_threshold', metric: 'questions', read: false, link: `/tenants/${tenant.id}/limits` });
    expect(list.body.items[1].message).toContain('has used 2 questions this month, 50.00 % of its monthly limit of 4 questions.');

    expect((await as(tenant.memberToken, http().post(`${path}/${list.body.items[1].id}/read`))).status).toBe(204);
    expect((await as(tenant.memberToken, http().post(`${path}/${list.body.items[1].id}/read`))).status).toBe(204);
    expect((await as(tenant.memberToken, http().get(`${path}/unread-count`))).body).toEqual({ unreadCount: 1 });
    expect((await as(tenant.adminToken, http().get(`${path}/unread-count`))).body).toEqual({ unreadCount: 2 });
    expect((await as(tenant.memberToken, http().get(path)).query({ unreadOnly: 'true' })).body.items).toHaveLength(1);

    expect((await as(tenant.adminToken, http().post(`${path}/read-all`))).body).toEqual({ marked: 2 });
    expect((await as(tenant.adminToken, http().get(`${path}/unread-count`))).body).toEqual({ unreadCount: 0 });
    expect((await as(tenant.adminToken, http().post(`${path}/${randomUUID()}/read`))).status).toBe(404);
    expect((await as(tenant.adminToken, http().get(path)).query({ limit: 0 })).status).toBe(400);
  });
});
