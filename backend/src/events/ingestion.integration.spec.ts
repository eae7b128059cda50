import { DateTime } from 'luxon';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { createTestApp, TestApp } from '../testing/create-test-app';
import { EventWriter } from './event-writer';
import { AcceptedEvent } from './validation/event-validator';
import { createTestDatabase, TestDatabase, testDialects } from '../testing/test-databases';

const VARIABLES = {
  JWT_SECRET: 'ingestion-test-secret-of-at-least-32-characters',
  ADMIN_EMAIL: 'platform@beyondask.test',
  ADMIN_PASSWORD: 'platform-admin-password',
};

interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: Array<{ index: number; id: string | null; message: string }>;
  warnings: Array<{ index: number; id: string | null; message: string }>;
}

let sequence = 0;
/** Returns an event id that no other test uses. */
function nextId(prefix = 'evt'): string {
  sequence += 1;
  return `${prefix}-${Date.now()}-${sequence}`;
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe.each(testDialects())('ingestion on %s', (dialect) => {
  let database: TestDatabase;
  let testApp: TestApp;
  let dataSource: DataSource;
  let adminToken: string;
  let tenantId: string;
  let apiKey: string;

  async function createApiKey(app: TestApp = testApp): Promise<{ id: string; key: string }> {
    const response = await request(app.app.getHttpServer())
      .post(`/api/v1/tenants/${tenantId}/api-keys`)
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ name: 'Ingestion test' });
    return response.body;
  }

  function post(body: unknown, key = apiKey, app: TestApp = testApp) {
    return request(app.app.getHttpServer()).post('/api/v1/events').set('X-API-Key', key).send(body as object);
  }

  async function ingest(events: unknown[], key = apiKey): Promise<IngestResult> {
    const response = await post({ events }, key);
    expect(response.status).toBe(200);
    return response.body;
  }

  async function rowsFor(eventIds: string[]): Promise<Array<Record<string, unknown>>> {
    return dataSource.query(
      `SELECT * FROM usage_events WHERE tenant_id = ? AND event_id IN (${eventIds.map(() => '?').join(', ')}) ORDER BY event_id`,
      [tenantId, ...eventIds],
    );
  }

  async function summary(): Promise<Record<string, { thisMonth: number; lifetime: number }>> {
    const response = await request(testApp.app.getHttpServer()).get(`/api/v1/tenants/${tenantId}/usage/summary`).set('Authorization', `Bearer ${adminToken}`);
    expect(response.status).toBe(200);
    return response.body;
  }

  async function storageBytes(): Promise<number> {
    const [row] = await dataSource.query('SELECT COALESCE(SUM(bytes), 0) AS total FROM storage_objects WHERE tenant_id = ? AND deleted = 0', [tenantId]);
    return Number(row.total);
  }

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    testApp = await createTestApp(database.url, { variables: VARIABLES });
    dataSource = testApp.app.get(DataSource);

    const login = await request(testApp.app.getHttpServer())
      .post('/api/v1/auth/login')
      .send({ email: VARIABLES.ADMIN_EMAIL, password: VARIABLES.ADMIN_PASSWORD });
    adminToken = login.body.accessToken;
    const tenant = await request(testApp.app.getHttpServer())
      .post('/api/v1/admin/tenants')
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ name: 'Ingestion tenant' });
    tenantId = tenant.body.id;
    apiKey = (await createApiKey()).key;
  });

  afterAll(async () => {
    await testApp?.close();
    await database?.drop();
  });

  it('stores one event of each type', async () => {
    const ids = ['words', 'api', 'question', 'contact', 'put', 'delete'].map((name) => nextId(name));
    const occurredAt = minutesAgo(10);

    const result = await ingest([
      { id: ids[0], type: 'words', occurredAt, quantity: 120 },
      { id: ids[1], type: 'api_request', occurredAt },
      { id: ids[2], type: 'question', occurredAt, visitorId: 'visitor-1', country: 'de' },
      { id: ids[3], type: 'contact', occurredAt, contactId: 'contact-1', country: 'FR' },
      { id: ids[4], type: 'storage_put', occurredAt, objectId: 'doc-1', bytes: 2048, contentType: 'text/markdown' },
      { id: ids[5], type: 'storage_delete', occurredAt, objectId: 'never-stored' },
    ]);

    expect(result).toEqual({ accepted: 6, duplicates: 0, rejected: [], warnings: [] });
    const rows = new Map((await rowsFor(ids)).map((row) => [row.event_id, row]));
    expect(rows.get(ids[0])).toMatchObject({ type: 'words', quantity: 120 });
    expect(rows.get(ids[1])).toMatchObject({ type: 'api_request', quantity: 1 });
    expect(rows.get(ids[2])).toMatchObject({ type: 'question', quantity: 1, country: 'DE' });
    expect(rows.get(ids[3])).toMatchObject({ type: 'contact', quantity: 1, country: 'FR' });
    expect(rows.get(ids[4])).toMatchObject({ type: 'storage_put', storage_kind: 'text', bytes: 2048, object_id: 'doc-1' });
    expect(rows.get(ids[2])?.visitor_key).not.toContain('visitor-1');
    expect(rows.get(ids[3])?.contact_key).not.toContain('contact-1');
  });

  it.each([
    ['a missing id', { id: undefined, type: 'api_request' }, 'id is required'],
    ['a numeric id', { id: 42, type: 'api_request' }, 'id must be a string of 1 to 128 characters'],
    ['an id over 128 characters', { id: 'x'.repeat(129), type: 'api_request' }, 'id must be a string of 1 to 128 characters'],
    ['an unknown type', { type: 'clicks' }, 'type must be one of words, api_request, question, contact, storage_put, storage_delete'],
    ['a timestamp without zone', { type: 'api_request', occurredAt: '2026-12-01T10:00:00' }, 'occurredAt must be an ISO 8601 timestamp with Z or an offset'],
    ['an impossible date', { type: 'api_request', occurredAt: '2026-02-30T10:00:00Z' }, 'occurredAt 2026-02-30T10:00:00Z is not a real date'],
    ['a date in the future', { type: 'api_request', occurredAt: new Date(Date.now() + 10 * 60_000).toISOString() }, 'occurredAt is more than 5 minutes in the future'],
    ['a date beyond retention', { type: 'api_request', occurredAt: new Date(Date.now() - 401 * 86_400_000).toISOString() }, 'occurredAt is older than the 400-day retention'],
    ['negative words', { type: 'words', quantity: -1 }, 'quantity must be an integer from 0 to 1000000000'],
    ['fractional words', { type: 'words', quantity: 1.5 }, 'quantity must be an integer from 0 to 1000000000'],
    ['words with quantity and text', { type: 'words', quantity: 3, text: 'three words here' }, 'give either quantity or text, not both'],
    ['words with neither', { type: 'words' }, 'words events need quantity (an integer ≥ 0) or text'],
    ['zero API requests', { type: 'api_request', quantity: 0 }, 'quantity must be an integer from 1 to 1000000000'],
    ['a contact without contactId', { type: 'contact' }, 'contactId is required'],
    ['a put without bytes', { type: 'storage_put', objectId: 'o' }, 'bytes is required'],
    ['negative bytes', { type: 'storage_put', objectId: 'o', bytes: -5 }, 'bytes must be an integer from 0 to 1000000000000000'],
    ['an unknown kind', { type: 'storage_put', objectId: 'o', bytes: 1, kind: 'video' }, 'kind must be one of text, media, other'],
    ['a delete without objectId', { type: 'storage_delete' }, 'objectId is required'],
    ['an unknown field', { type: 'api_request', foo: 1 }, 'foo is not allowed on api_request events'],
    ['a field of another type', { type: 'question', bytes: 10 }, 'bytes is not allowed on question events'],
  ])('rejects %s', async (_case, fields, message) => {
    const id = nextId('bad');
    const validId = nextId('good');
    const event = { id, occurredAt: minutesAgo(1), ...fields };

    const result = await ingest([event, { id: validId, type: 'api_request', occurredAt: minutesAgo(1) }]);

    expect(result.accepted).toBe(1);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0].index).toBe(0);
    expect(result.rejected[0].message).toContain(message);
    expect(await rowsFor([validId])).toHaveLength(1);
    expect(await rowsFor([id])).toHaveLength(0);
  });

  it('rejects an event that is not an object', async () => {
    const result = await ingest(['not an event', { id: nextId(), type: 'api_request', occurredAt: minutesAgo(1) }]);

    expect(result.rejected).toEqual([{ index: 0, id: null, message: 'event must be a JSON object' }]);
    expect(result.accepted).toBe(1);
  });

  it.each([
    ['uk', 'use GB for the United Kingdom'],
    ['EU', 'EU is a union, not a country'],
    ['ZZ', 'ZZ means unknown'],
    ['', 'is not an ISO 3166-1 alpha-2 code'],
  ])('counts country %j under unknown with a warning', async (country, hint) => {
    const id = nextId('country');

    const result = await ingest([{ id, type: 'question', occurredAt: minutesAgo(1), country }]);

    expect(result.accepted).toBe(1);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ index: 0, id });
    expect(result.warnings[0].message).toContain(hint);
    expect((await rowsFor([id]))[0].country).toBeNull();
  });

  it('accepts Kosovo as XK', async () => {
    const id = nextId('kosovo');

    const result = await ingest([{ id, type: 'contact', occurredAt: minutesAgo(1), contactId: nextId('c'), country: 'xk' }]);

    expect(result.warnings).toEqual([]);
    expect((await rowsFor([id]))[0].country).toBe('XK');
  });

  it('looks up the country of an IP without storing the IP', async () => {
    const known = nextId('ip');
    const invalid = nextId('ip');

    const result = await ingest([
      { id: known, type: 'question', occurredAt: minutesAgo(1), ip: '81.2.69.160' },
      { id: invalid, type: 'question', occurredAt: minutesAgo(1), ip: '999.1.1.1' },
    ]);

    expect(result.accepted).toBe(2);
    expect(result.warnings).toEqual([{ index: 1, id: invalid, message: 'ip is not a valid IPv4 or IPv6 address; counted under unknown' }]);
    const rows = await rowsFor([known, invalid]);
    expect(rows.find((row) => row.event_id === known)?.country).toBe('GB');
    expect(JSON.stringify(rows)).not.toContain('81.2.69.160');
  });

  it.each([
    ['你好世界', 2],
    ["l'été dernier", 2],
    ['l’été dernier', 2],
    ['Hello, world! 42 times', 4],
    ['   ', 0],
  ])('counts the words of %j as %i without storing the text', async (text, words) => {
    const id = nextId('text');

    await ingest([{ id, type: 'words', occurredAt: minutesAgo(1), text }]);

    const [row] = await rowsFor([id]);
    expect(row.quantity).toBe(words);
    if (text.trim()) expect(JSON.stringify(row)).not.toContain(text.trim().slice(0, 2));
  });

  it('rejects overlong text', async () => {
    const tooLong = nextId('long');
    const withinBudget = Array.from({ length: 5 }, () => nextId('budget'));
    const overBudget = nextId('budget');

    const result = await ingest([
      { id: tooLong, type: 'words', occurredAt: minutesAgo(1), text: 'a '.repeat(25_001) },
      ...withinBudget.map((id) => ({ id, type: 'words', occurredAt: minutesAgo(1), text: 'a '.repeat(25_000) })),
      { id: overBudget, type: 'words', occurredAt: minutesAgo(1), text: 'a' },
    ]);

    expect(result.accepted).toBe(5);
    expect(result.rejected.map((item) => [item.id, item.message])).toEqual([
      [tooLong, 'text must be at most 50000 characters; send quantity instead, or split the text over several events'],
      [overBudget, 'text of this request exceeds 250000 characters in all; send the rest in another request'],
    ]);
    expect((await rowsFor([withinBudget[0]]))[0].quantity).toBe(25_000);
  });

  it('counts a batch resent three times once', async () => {
    const events = Array.from({ length: 50 }, () => ({ id: nextId('resend'), type: 'words', occurredAt: minutesAgo(5), quantity: 10 }));

    const results = [await ingest(events), await ingest(events), await ingest(events)];

    expect(results.map((result) => result.accepted)).toEqual([50, 0, 0]);
    expect(results.map((result) => result.duplicates)).toEqual([0, 50, 50]);
    expect(await rowsFor(events.map((event) => event.id))).toHaveLength(50);
  });

  it('counts eight concurrent resends once', async () => {
    const events = Array.from({ length: 200 }, () => ({ id: nextId('concurrent'), type: 'api_request', occurredAt: minutesAgo(5) }));
    const lifetimeRequests = async () => (await summary()).apiRequests.lifetime;
    const before = await lifetimeRequests();

    const results = await Promise.all(Array.from({ length: 8 }, () => ingest(events)));

    // The live summary adds the usage deltas of the one write that stored the events.
    expect(await lifetimeRequests()).toBe(before + 200);

    expect(results.reduce((sum, result) => sum + result.accepted, 0)).toBe(200);
    expect(results.reduce((sum, result) => sum + result.duplicates, 0)).toBe(200 * 7);
    const [row] = await dataSource.query(
      `SELECT COUNT(*) AS count, SUM(quantity) AS total FROM usage_events WHERE tenant_id = ? AND event_id LIKE 'concurrent-%'`,
      [tenantId],
    );
    expect(Number(row.count)).toBe(200);
    expect(Number(row.total)).toBe(200);
  });

  it('rolls back a failed batch write', async () => {
    const events = Array.from({ length: 20 }, () => ({ id: nextId('half-way'), type: 'words', occurredAt: minutesAgo(5), quantity: 3 }));

    // The events INSERT runs before the rollup markers, so without that table the write fails after it.
    await dataSource.query('ALTER TABLE rollup_markers RENAME TO rollup_markers_hidden');
    let failed: request.Response;
    try {
      failed = await post({ events });
    } finally {
      await dataSource.query('ALTER TABLE rollup_markers_hidden RENAME TO rollup_markers');
    }

    expect(failed.status).toBe(503);
    expect(failed.body.message).toContain('resend the batch');
    expect(await rowsFor(events.map((event) => event.id))).toEqual([]);

    const resent = await ingest(events);
    expect(resent).toMatchObject({ accepted: 20, duplicates: 0 });
    expect(await rowsFor(events.map((event) => event.id))).toHaveLength(20);
  });

  it('answers a request whose ids an earlier one of the flush claimed', async () => {
    const writer = testApp.app.get(EventWriter);
    const event: AcceptedEvent = { eventId: nextId('claimed'), type: 'words', occurredAtMs: Date.now() - 60_000, quantity: 5, visitorKey: null, contactKey: null, country: null, objectId: null, storageKind: null, bytes: null };
    const other: AcceptedEvent = { ...event, eventId: nextId('claimed') };

    // Written in one turn of the event loop, the three requests share one flush.
    const accepted = await Promise.all([writer.write(tenantId, [event]), writer.write(tenantId, [event]), writer.write(tenantId, [other])]);

    expect(accepted).toEqual([1, 0, 1]);
  });

  it('stores emoji and accented ids as sent', async () => {
    const ids = [nextId('émoji-🚀'), nextId('日本語-ß')];
    const result = await ingest(ids.map((id) => ({ id, type: 'api_request', occurredAt: minutesAgo(2) })));

    expect(result).toMatchObject({ accepted: 2, duplicates: 0 });
    expect((await rowsFor(ids)).map((row) => row.event_id).sort()).toEqual([...ids].sort());
  });

  it('counts new and partly repeated batches together', async () => {
    const before = (await summary()).words.lifetime;
    const earlier = Array.from({ length: 3 }, () => ({ id: nextId('partly'), type: 'words', occurredAt: minutesAgo(5), quantity: 100 }));
    await ingest(earlier);
    const fresh = Array.from({ length: 5 }, () => ({ id: nextId('fresh'), type: 'words', occurredAt: minutesAgo(4), quantity: 10 }));
    const partly = [...earlier, { id: nextId('partly'), type: 'words', occurredAt: minutesAgo(3), quantity: 1 }];

    // Sent together, the two requests usually share one flush: one leaves deltas, the other day markers.
    const [freshResult, partlyResult] = await Promise.all([ingest(fresh), ingest(partly)]);

    expect(freshResult).toMatchObject({ accepted: 5, duplicates: 0 });
    expect(partlyResult).toMatchObject({ accepted: 1, duplicates: 3 });
    expect((await summary()).words.lifetime).toBe(before + 300 + 50 + 1);
  });

  it('counts overlapping batches once', async () => {
    const ids = Array.from({ length: 30 }, () => nextId('overlap'));
    const event = (id: string) => ({ id, type: 'api_request', occurredAt: minutesAgo(2) });

    const first = await ingest(ids.slice(0, 20).map(event));
    const second = await ingest(ids.slice(10, 30).map(event));

    expect([first.accepted, first.duplicates]).toEqual([20, 0]);
    expect([second.accepted, second.duplicates]).toEqual([10, 10]);
  });

  it('counts a repeated id within one batch once', async () => {
    const id = nextId('twice');

    const result = await ingest([
      { id, type: 'api_request', occurredAt: minutesAgo(1) },
      { id, type: 'api_request', occurredAt: minutesAgo(1) },
    ]);

    expect(result).toMatchObject({ accepted: 1, duplicates: 1 });
  });

  it('treats ids that differ in case as different events', async () => {
    const id = nextId('Case');

    const result = await ingest([
      { id, type: 'api_request', occurredAt: minutesAgo(1) },
      { id: id.toLowerCase(), type: 'api_request', occurredAt: minutesAgo(1) },
    ]);

    expect(result).toMatchObject({ accepted: 2, duplicates: 0 });
  });

  it.each([
    ['a body that is not an object', [1, 2], 'The body must be a JSON object'],
    ['events that are not an array', { events: 'many' }, 'events must be an array of 1 to 1000 events'],
    ['an empty batch', { events: [] }, 'events must contain 1 to 1000 events (got 0)'],
    ['an unknown top-level field', { events: [{}], extra: true }, 'Unknown field extra'],
  ])('rejects %s with 400', async (_case, body, message) => {
    const response = await post(body);

    expect(response.status).toBe(400);
    expect(response.body.message).toContain(message);
  });

  it('refuses 1001 events whole', async () => {
    const events = Array.from({ length: 1001 }, () => ({ id: nextId('big'), type: 'api_request', occurredAt: minutesAgo(1) }));

    const response = await post({ events });

    expect(response.status).toBe(400);
    expect(response.body.message).toContain('events must contain 1 to 1000 events (got 1001)');
    expect(await rowsFor([events[0].id])).toHaveLength(0);
  });

  it('refuses a 2 MB body whole with 413', async () => {
    const events = Array.from({ length: 500 }, () => ({
      id: nextId('huge'),
      type: 'words',
      occurredAt: minutesAgo(1),
      text: 'word '.repeat(800),
    }));

    const response = await post({ events });

    expect(JSON.stringify({ events }).length).toBeGreaterThan(2_000_000);
    expect(response.status).toBe(413);
    expect(await rowsFor([events[0].id])).toHaveLength(0);
  });

  it('rejects a missing, unknown or revoked key', async () => {
    const revocable = await createApiKey();
    const event = () => ({ events: [{ id: nextId('key'), type: 'api_request', occurredAt: minutesAgo(1) }] });
    expect((await post(event(), revocable.key)).status).toBe(200);

    await request(testApp.app.getHttpServer())
      .delete(`/api/v1/tenants/${tenantId}/api-keys/${revocable.id}`)
      .set('Authorization', `Bearer ${adminToken}`)
      .expect(204);

    expect((await post(event(), revocable.key)).status).toBe(401);
    expect((await post(event(), 'bak_00000000_unknownunknownunknownunknownunkn')).status).toBe(401);
    expect((await request(testApp.app.getHttpServer()).post('/api/v1/events').send(event())).status).toBe(401);
  });

  it('stops a key revoked on another instance within 5 s', async () => {
    const other = await createTestApp(database.url, { variables: VARIABLES });
    try {
      const revocable = await createApiKey();
      const event = () => ({ events: [{ id: nextId('key'), type: 'api_request', occurredAt: minutesAgo(1) }] });
      expect((await post(event(), revocable.key, other)).status).toBe(200);

      await request(testApp.app.getHttpServer())
        .delete(`/api/v1/tenants/${tenantId}/api-keys/${revocable.id}`)
        .set('Authorization', `Bearer ${adminToken}`)
        .expect(204);
      await new Promise((wait) => setTimeout(wait, 5100));

      expect((await post(event(), revocable.key, other)).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  describe('storage', () => {
    it('leaves usage at 0 when an unknown object is deleted', async () => {
      const before = await storageBytes();

      await ingest([{ id: nextId('del'), type: 'storage_delete', occurredAt: minutesAgo(1), objectId: `ghost-${nextId()}` }]);

      expect(await storageBytes()).toBe(before);
      const [row] = await dataSource.query('SELECT MIN(bytes) AS smallest FROM storage_objects WHERE tenant_id = ?', [tenantId]);
      expect(Number(row.smallest)).toBeGreaterThanOrEqual(0);
    });

    it('lets the latest occurredAt win whatever the arrival order', async () => {
      const objectId = `doc-${nextId()}`;
      const before = await storageBytes();

      await ingest([{ id: nextId('put'), type: 'storage_put', occurredAt: minutesAgo(30), objectId, bytes: 300, kind: 'media' }]);
      await ingest([{ id: nextId('put'), type: 'storage_put', occurredAt: minutesAgo(50), objectId, bytes: 500, kind: 'media' }]);
      expect(await storageBytes()).toBe(before + 300);

      await ingest([{ id: nextId('put'), type: 'storage_put', occurredAt: minutesAgo(10), objectId, bytes: 100, kind: 'media' }]);
      expect(await storageBytes()).toBe(before + 100);
    });

    it('keeps an object deleted when an older put arrives late', async () => {
      const objectId = `doc-${nextId()}`;
      const before = await storageBytes();

      await ingest([{ id: nextId('del'), type: 'storage_delete', occurredAt: minutesAgo(5), objectId }]);
      await ingest([{ id: nextId('put'), type: 'storage_put', occurredAt: minutesAgo(20), objectId, bytes: 999 }]);

      expect(await storageBytes()).toBe(before);
    });

    it('replaces the size and derives the kind from contentType', async () => {
      const objectId = `img-${nextId()}`;

      await ingest([
        { id: nextId('put'), type: 'storage_put', occurredAt: minutesAgo(9), objectId, bytes: 10, contentType: 'image/png' },
        { id: nextId('put'), type: 'storage_put', occurredAt: minutesAgo(8), objectId, bytes: 40, contentType: 'image/png' },
      ]);

      const [row] = await dataSource.query('SELECT kind, bytes, deleted FROM storage_objects WHERE tenant_id = ? AND object_id = ?', [tenantId, objectId]);
      expect(row).toMatchObject({ kind: 'media', bytes: 40 });
      expect(Number(row.deleted)).toBe(0);
    });
  });

  describe('contacts', () => {
    it('counts a contact captured in two months once, in the first', async () => {
      const contactId = nextId('person');
      const now = DateTime.utc();
      const earlier = now.minus({ months: 2 }).startOf('month').plus({ days: 14 });
      const later = now.minus({ months: 1 }).startOf('month');

      await ingest([{ id: nextId('c'), type: 'contact', occurredAt: later.toISO(), contactId }]);
      await ingest([{ id: nextId('c'), type: 'contact', occurredAt: earlier.toISO(), contactId, country: 'PT' }]);
      await ingest([{ id: nextId('c'), type: 'contact', occurredAt: now.minus({ minutes: 1 }).toISO(), contactId, country: 'ES' }]);

      const rows = await dataSource.query('SELECT first_captured_ms, country FROM contacts WHERE tenant_id = ? AND first_captured_ms = ?', [
        tenantId,
        earlier.toMillis(),
      ]);
      expect(rows).toHaveLength(1);
      expect(rows[0].country).toBe('PT');
    });
  });
});
