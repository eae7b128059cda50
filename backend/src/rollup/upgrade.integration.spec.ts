import { DateTime } from 'luxon';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { createTestApp, TestApp } from '../testing/create-test-app';
import { createTestDatabase, TestDatabase, testDialects } from '../testing/test-databases';

const VARIABLES = {
  JWT_SECRET: 'upgrade-test-secret-of-at-least-32-characters',
  ADMIN_EMAIL: 'platform@beyondask.test',
  ADMIN_PASSWORD: 'platform-admin-password',
  ROLLUP_CRON: 'off',
};
const DAY_MS = 86_400_000;

/** Noon UTC, `days` days ago. */
function noonDaysAgo(days: number): number {
  return (Math.floor(Date.now() / DAY_MS) - days) * DAY_MS + 12 * 3_600_000;
}
const iso = (epochMs: number) => new Date(epochMs).toISOString();
const dayOf = (epochMs: number) => iso(epochMs).slice(0, 10);
const versionKey = (epochMs: number, eventId: string) => `${String(epochMs).padStart(15, '0')}:${eventId}`;

describe.each(testDialects())('upgrade to storage versions and rollup_state on %s', (dialect) => {
  let database: TestDatabase;
  let testApp: TestApp;
  let dataSource: DataSource;
  let token: string;
  const transaction = dialect === 'sqlite' ? 'each' : 'none';

  const http = () => request(testApp.app.getHttpServer());
  const asAdmin = (pending: request.Test) => pending.set('Authorization', `Bearer ${token}`);

  async function createTenant(): Promise<{ id: string; key: string }> {
    const tenant = await asAdmin(http().post('/api/v1/admin/tenants')).send({ name: `Tenant ${Date.now()}`, timezone: 'UTC' });
    const key = await asAdmin(http().post(`/api/v1/tenants/${tenant.body.id}/api-keys`)).send({ name: 'Upgrade test' });
    return { id: tenant.body.id, key: key.body.key };
  }

  async function send(key: string, events: object[]): Promise<void> {
    const response = await http().post('/api/v1/events').set('X-API-Key', key).send({ events });
    expect(response.status).toBe(200);
    expect(response.body.rejected).toEqual([]);
  }

  async function runRollup(): Promise<void> {
    expect((await asAdmin(http().post('/api/v1/admin/rollups/run'))).status).toBe(200);
  }

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    testApp = await createTestApp(database.url, { variables: VARIABLES });
    dataSource = testApp.app.get(DataSource);
    token = (await http().post('/api/v1/auth/login').send({ email: VARIABLES.ADMIN_EMAIL, password: VARIABLES.ADMIN_PASSWORD })).body.accessToken;
  });

  afterEach(async () => {
    await testApp?.close();
    await database?.drop();
  });

  it('counts late events after the upgrade', async () => {
    const tenant = await createTenant();
    const firstMs = noonDaysAgo(10);
    await send(tenant.key, [{ id: 'first', type: 'words', occurredAt: iso(firstMs), quantity: 10 }]);
    await runRollup();

    // The upgrade of a database whose oldest event is 10 days old (RAW_RETENTION_DAYS is 400).
    await dataSource.undoLastMigration({ transaction });
    expect(await dataSource.runMigrations({ transaction })).toHaveLength(1);

    await send(tenant.key, [
      { id: 'late-before-first', type: 'words', occurredAt: iso(noonDaysAgo(20)), quantity: 5 },
      { id: 'late-same-day', type: 'words', occurredAt: iso(firstMs + 3_600_000), quantity: 7 },
      { id: 'late-question', type: 'question', occurredAt: iso(noonDaysAgo(9)), visitorId: 'v-late', country: 'DE' },
    ]);
    const summary = async () => (await asAdmin(http().get(`/api/v1/tenants/${tenant.id}/usage/summary`))).body;
    const lifetimeBeforeRollup = (await summary()).words.lifetime;

    await runRollup();

    const [{ stored }] = await dataSource.query('SELECT SUM(quantity) AS stored FROM usage_events WHERE tenant_id = ? AND type = ?', [tenant.id, 'words']);
    const daily = await dataSource.query(`SELECT day, value FROM usage_daily WHERE tenant_id = ? AND metric = 'words' ORDER BY day`, [tenant.id]);
    const month = dayOf(noonDaysAgo(9)).slice(0, 7);
    const visitors = await asAdmin(http().get(`/api/v1/tenants/${tenant.id}/geo/countries`)).query({ subject: 'visitors', month });
    // One comparison, so that a failure shows every observed value at once.
    expect({
      storedWords: Number(stored),
      lifetimeBeforeRollup,
      lifetimeAfterRollup: (await summary()).words.lifetime,
      daily: daily.map((row: { day: string; value: number }) => [String(row.day), Number(row.value)]),
      visitors: visitors.body.items.map((item: { country: string; count: number }) => [item.country, item.count]),
    }).toEqual({
      storedWords: 22,
      lifetimeBeforeRollup: 22,
      lifetimeAfterRollup: 22,
      daily: [
        [dayOf(noonDaysAgo(20)), 5],
        [dayOf(firstMs), 17],
      ],
      visitors: [['DE', 1]],
    });
  });

  it('keeps pruned objects in end-of-day storage', async () => {
    const tenant = await createTenant();
    // Before the upgrade: both new migrations undone.
    await dataSource.undoLastMigration({ transaction });
    await dataSource.undoLastMigration({ transaction });

    // Object y was put with 100 bytes long ago, and that event is pruned. It grew to 300 bytes 3 days ago.
    // Object z was put with 50 bytes 6 days ago. A words event 8 days ago is the oldest retained event.
    const wordsMs = noonDaysAgo(8);
    const zMs = noonDaysAgo(6);
    const yMs = noonDaysAgo(3);
    const event = (eventId: string, type: string, atMs: number, objectId: string | null, kind: string | null, bytes: number | null) => [
      tenant.id, eventId, type, atMs, atMs, 1, null, null, null, objectId, kind, bytes,
    ];
    await dataSource.query(
      `INSERT INTO usage_events (tenant_id, event_id, type, occurred_at_ms, received_at_ms, quantity, visitor_key, contact_key, country, object_id, storage_kind, bytes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [...event('w', 'words', wordsMs, null, null, null), ...event('put-z', 'storage_put', zMs, 'z', 'text', 50), ...event('put-y2', 'storage_put', yMs, 'y', 'media', 300)],
    );
    await dataSource.query(
      `INSERT INTO storage_objects (tenant_id, object_id, kind, bytes, deleted, version_key) VALUES (?, 'y', 'media', 300, 0, ?), (?, 'z', 'text', 50, 0, ?)`,
      [tenant.id, versionKey(yMs, 'put-y2'), tenant.id, versionKey(zMs, 'put-z')],
    );
    // What the old rollup recorded at the end of those days, correctly.
    await dataSource.query(
      `INSERT INTO storage_daily (tenant_id, day, kind, bytes) VALUES (?, ?, 'media', 100), (?, ?, 'media', 100), (?, ?, 'text', 50), (?, ?, 'media', 300), (?, ?, 'text', 50)`,
      [tenant.id, dayOf(wordsMs), tenant.id, dayOf(zMs), tenant.id, dayOf(zMs), tenant.id, dayOf(yMs), tenant.id, dayOf(yMs)],
    );

    expect(await dataSource.runMigrations({ transaction })).toHaveLength(2);
    await runRollup();

    const from = dayOf(noonDaysAgo(8));
    const to = DateTime.utc().toISODate()!;
    const csv = await asAdmin(http().get(`/api/v1/tenants/${tenant.id}/usage/export.csv`)).query({ from, to, granularity: 'day' });
    const storage = csv.text.trim().split(/\r?\n/).slice(1).map((line) => line.split(',')).map((cells) => [cells[0], Number(cells[5])]);
    const expected = (day: string) => (day < dayOf(zMs) ? 100 : day < dayOf(yMs) ? 150 : 350);
    expect(storage).toEqual(storage.map(([day]) => [day, expected(day as string)]));
  });

  it('orders tied storage versions like storage_objects', async () => {
    const tenant = await createTenant();
    const tieMs = noonDaysAgo(3);
    // Two puts of one object at the same millisecond, in separate requests, so the database's upsert picks the winner.
    await send(tenant.key, [{ id: 'x\uFFFF', type: 'storage_put', occurredAt: iso(tieMs), objectId: 'o', kind: 'text', bytes: 100 }]);
    await send(tenant.key, [{ id: 'x\u{1F600}', type: 'storage_put', occurredAt: iso(tieMs), objectId: 'o', kind: 'text', bytes: 200 }]);
    const live = (await asAdmin(http().get(`/api/v1/tenants/${tenant.id}/usage/summary`))).body.storage.usedBytes;
    await send(tenant.key, [{ id: 'later', type: 'storage_put', occurredAt: iso(noonDaysAgo(1)), objectId: 'o', kind: 'text', bytes: 1 }]);
    await runRollup();

    const [row] = await dataSource.query('SELECT SUM(bytes) AS bytes FROM storage_daily WHERE tenant_id = ? AND day = ?', [tenant.id, dayOf(tieMs)]);
    expect({ live, endOfDay: Number(row.bytes) }).toEqual({ live, endOfDay: live });
  });
});
