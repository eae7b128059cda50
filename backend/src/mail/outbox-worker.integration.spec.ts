import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { createTestApp, TestApp } from '../testing/create-test-app';
import { createTestDatabase, TestDatabase, testDialects } from '../testing/test-databases';
import { SmtpTestServer } from '../testing/smtp-test-server';
import { MAX_ATTEMPTS, OutboxWorker, retryDelayMs } from './outbox-worker';
import { NewEmail, OutboxService } from './outbox.service';

const VARIABLES = {
  JWT_SECRET: 'outbox-test-secret-of-at-least-32-characters',
  ADMIN_EMAIL: 'platform@beyondask.test',
  ADMIN_PASSWORD: 'platform-admin-password',
  MAIL_FROM: 'alerts@beyondask.test',
};

describe.each(testDialects())('email outbox on %s', (dialect) => {
  let database: TestDatabase;
  let smtp: SmtpTestServer;
  let first: TestApp;
  let second: TestApp;
  let unsent: TestApp;
  let dataSource: DataSource;
  let tenantId: string;

  function email(recipient: string): NewEmail {
    return { tenantId, alertId: null, recipient, subject: 'BeyondAsk: outbox test', textBody: 'Plain text', htmlBody: '<p>HTML</p>' };
  }

  async function enqueue(emails: NewEmail[], nowMs = Date.now()): Promise<string[]> {
    return dataSource.transaction((manager) => first.app.get(OutboxService).enqueue(manager, emails, nowMs));
  }

  async function rowOf(id: string): Promise<{ status: string; attempts: number; next_attempt_at_ms: number; last_error: string | null; message_id: string | null }> {
    const [row] = await dataSource.query('SELECT status, attempts, next_attempt_at_ms, last_error, message_id FROM email_outbox WHERE id = ?', [id]);
    return { ...row, attempts: Number(row.attempts), next_attempt_at_ms: Number(row.next_attempt_at_ms) };
  }

  beforeAll(async () => {
    smtp = new SmtpTestServer();
    await smtp.start();
    database = await createTestDatabase(dialect);
    first = await createTestApp(database.url, { variables: { ...VARIABLES, SMTP_URL: smtp.url } });
    second = await createTestApp(database.url, { variables: { ...VARIABLES, SMTP_URL: smtp.url } });
    unsent = await createTestApp(database.url, { variables: VARIABLES });
    dataSource = first.app.get(DataSource);
    // The tests decide when each instance delivers.
    for (const app of [first, second, unsent]) app.app.get(OutboxWorker).pause();

    const server = first.app.getHttpServer();
    const token = (await request(server).post('/api/v1/auth/login').send({ email: VARIABLES.ADMIN_EMAIL, password: VARIABLES.ADMIN_PASSWORD })).body.accessToken;
    tenantId = (await request(server).post('/api/v1/admin/tenants').set('Authorization', `Bearer ${token}`).send({ name: 'Outbox' })).body.id;
  });

  afterAll(async () => {
    await unsent?.close();
    await second?.close();
    await first?.close();
    await database?.drop();
    await smtp?.stop();
  });

  it('sends once after an SMTP outage', async () => {
    const recipient = `down-${randomUUID()}@acme.test`;
    await smtp.stop();
    const startedAt = Date.now();
    const [id] = await enqueue([email(recipient)], startedAt);

    const failed = await first.app.get(OutboxWorker).processDue(startedAt);
    const waiting = await rowOf(id);

    expect(failed.retried).toBe(1);
    expect(waiting.status).toBe('pending');
    expect(waiting.attempts).toBe(1);
    expect(waiting.next_attempt_at_ms).toBe(startedAt + retryDelayMs(1));
    expect(waiting.last_error).toContain('ECONNREFUSED');
    expect(await first.app.get(OutboxWorker).processDue(startedAt + 1000)).toEqual({ sent: 0, logged: 0, retried: 0, failed: 0 });

    await smtp.start();
    const later = Date.now() + 3_600_000;
    const [resent, again] = await Promise.all([first.app.get(OutboxWorker).processDue(later), second.app.get(OutboxWorker).processDue(later)]);

    expect(resent.sent + again.sent).toBe(1);
    expect(smtp.to(recipient)).toHaveLength(1);
    expect(smtp.to(recipient)[0].messageId).toBe(`<${id}@beyondask.test>`);
    expect(await rowOf(id)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    await first.app.get(OutboxWorker).processDue(later + 86_400_000);
    expect(smtp.to(recipient)).toHaveLength(1);
  });

  it('sends each email once when two instances share the outbox', async () => {
    const recipients = Array.from({ length: 30 }, (_, index) => `shared-${index}-${randomUUID()}@acme.test`);
    const ids = await enqueue(recipients.map(email), Date.now() - 1000);

    const nowMs = Date.now();
    const [fromFirst, fromSecond] = await Promise.all([first.app.get(OutboxWorker).processDue(nowMs), second.app.get(OutboxWorker).processDue(nowMs)]);

    expect(fromFirst.sent + fromSecond.sent).toBe(30);
    for (const recipient of recipients) expect({ recipient, emails: smtp.to(recipient).length }).toEqual({ recipient, emails: 1 });
    for (const id of ids) expect((await rowOf(id)).status).toBe('sent');
  });

  it('takes over an email whose worker died while sending', async () => {
    const recipient = `orphan-${randomUUID()}@acme.test`;
    const [id] = await enqueue([email(recipient)]);
    await dataSource.query("UPDATE email_outbox SET status = 'sending', attempts = 1, claim_token = 'dead', claim_expires_at_ms = ? WHERE id = ?", [Date.now() + 60_000, id]);

    expect((await second.app.get(OutboxWorker).processDue()).sent).toBe(0);
    expect((await second.app.get(OutboxWorker).processDue(Date.now() + 5 * 60_000)).sent).toBe(1);
    expect(smtp.to(recipient)).toHaveLength(1);
  });

  it(`marks an email failed after ${MAX_ATTEMPTS} attempts`, async () => {
    const recipient = `failing-${randomUUID()}@acme.test`;
    const [id] = await enqueue([email(recipient)]);
    await dataSource.query('UPDATE email_outbox SET attempts = ? WHERE id = ?', [MAX_ATTEMPTS - 1, id]);
    await smtp.stop();

    try {
      expect((await first.app.get(OutboxWorker).processDue()).failed).toBe(1);
    } finally {
      await smtp.start();
    }

    expect(await rowOf(id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    await first.app.get(OutboxWorker).processDue(Date.now() + 86_400_000);
    expect(smtp.to(recipient)).toHaveLength(0);
    const gaveUp = first.logEntries.find((entry) => entry.outboxId === id && String(entry.msg).startsWith('Gave up'));
    expect(gaveUp).toMatchObject({ level: 50, attempts: MAX_ATTEMPTS });
  });

  it('logs emails without SMTP_URL and never their addresses', async () => {
    const recipient = `logged-${randomUUID()}@acme.test`;
    const [id] = await enqueue([email(recipient)]);

    expect((await unsent.app.get(OutboxWorker).processDue()).logged).toBe(1);

    expect((await rowOf(id)).status).toBe('logged');
    const entry = unsent.logEntries.find((candidate) => candidate.outboxId === id);
    expect(entry).toMatchObject({ recipients: 1, subject: 'BeyondAsk: outbox test', tenantId });
    expect(JSON.stringify(unsent.logEntries)).not.toContain(recipient);
    expect(smtp.to(recipient)).toHaveLength(0);
  });
});
