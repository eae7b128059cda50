import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { createTestApp, TestApp } from '../testing/create-test-app';
import { RollupService } from './rollup.service';
import * as usageAggregator from './usage-aggregator';
import { createTestDatabase, TestDatabase, testDialects } from '../testing/test-databases';

const VARIABLES = {
  JWT_SECRET: 'rollup-test-secret-of-at-least-32-characters',
  ADMIN_EMAIL: 'platform@beyondask.test',
  ADMIN_PASSWORD: 'platform-admin-password',
  ROLLUP_CRON: 'off',
};

/** Time zones with DST (New York, Berlin), a half-hour offset, and both sides of the date line. */
const ZONES = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];
const METRIC_OF_TYPE: Record<string, string> = { words: 'words', api_request: 'apiRequests', question: 'questions' };

interface SentEvent {
  id: string;
  type: string;
  occurredAt: string;
  quantity?: number;
  visitorId?: string;
  contactId?: string;
  country?: string;
  objectId?: string;
  bytes?: number;
  kind?: string;
}

/** A tiny deterministic random generator, so that a failing workload can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/**
 * Computes the expected daily values straight from the sent events, with luxon and none of the
 * server's code: first occurrence of each id counts, contacts count on the day of their earliest event.
 */
function expectedDays(events: SentEvent[], zone: string): Map<string, Map<string, number>> {
  const seen = new Set<string>();
  const days = new Map<string, Map<string, number>>();
  const add = (metric: string, day: string, value: number) => {
    const byDay = days.get(metric) ?? new Map<string, number>();
    byDay.set(day, (byDay.get(day) ?? 0) + value);
    days.set(metric, byDay);
  };
  const firstCapture = new Map<string, number>();

  for (const event of events) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    const atMs = DateTime.fromISO(event.occurredAt, { setZone: true }).toMillis();
    const day = DateTime.fromMillis(atMs, { zone }).toISODate() as string;
    if (event.type === 'contact') {
      const known = firstCapture.get(event.contactId as string);
      if (known === undefined || atMs < known) firstCapture.set(event.contactId as string, atMs);
    } else if (event.type in METRIC_OF_TYPE) {
      const quantity = event.type === 'question' ? 1 : (event.quantity ?? 1);
      add(METRIC_OF_TYPE[event.type], day, quantity);
    }
  }
  for (const atMs of firstCapture.values()) add('contacts', DateTime.fromMillis(atMs, { zone }).toISODate() as string, 1);
  return days;
}

/** Expected lifetime contacts and this month's distinct visitors per country, from the sent events. */
function expectedGeo(events: SentEvent[], zone: string): { contacts: Record<string, number>; visitors: Record<string, number> } {
  const seen = new Set<string>();
  const contactCountry = new Map<string, string>();
  const visitors = new Map<string, Set<string>>();
  const thisMonth = DateTime.now().setZone(zone).toFormat('yyyy-MM');
  for (const event of events) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    if (event.type === 'contact') contactCountry.set(event.contactId as string, event.country as string);
    const month = DateTime.fromISO(event.occurredAt, { zone }).toFormat('yyyy-MM');
    if (event.type === 'question' && month === thisMonth) {
      const country = event.country as string;
      visitors.set(country, (visitors.get(country) ?? new Set()).add(event.visitorId as string));
    }
  }
  const contacts: Record<string, number> = {};
  for (const country of contactCountry.values()) contacts[country] = (contacts[country] ?? 0) + 1;
  return { contacts, visitors: Object.fromEntries([...visitors].map(([country, ids]) => [country, ids.size])) };
}

/**
 * Expected bytes stored at the end of each given local day, straight from the sent puts and deletes:
 * per object the event with the latest occurredAt (then the greater id) before the day's end wins.
 */
function expectedStorage(events: SentEvent[], zone: string, days: string[]): Map<string, number> {
  const versions = [...new Map(events.filter((event) => event.type.startsWith('storage_')).map((event) => [event.id, event])).values()]
    .map((event) => ({ event, atMs: DateTime.fromISO(event.occurredAt).toMillis() }))
    .sort((left, right) => left.atMs - right.atMs || (left.event.id < right.event.id ? -1 : 1));
  const totals = new Map<string, number>();
  for (const day of days) {
    const endMs = DateTime.fromISO(day, { zone }).plus({ days: 1 }).toMillis();
    const state = new Map<string, number>();
    for (const { event, atMs } of versions) {
      if (atMs < endMs) state.set(event.objectId as string, event.type === 'storage_put' ? (event.bytes as number) : 0);
    }
    totals.set(day, [...state.values()].reduce((sum, bytes) => sum + bytes, 0));
  }
  return totals;
}

function sumRange(byDay: Map<string, number> | undefined, from: string, to: string): number {
  let total = 0;
  for (const [day, value] of byDay ?? []) if (day >= from && day <= to) total += value;
  return total;
}

/** Generates events over the last 70 days, storage puts and deletes among them, about 5 % sent again later as duplicates. */
function workload(seed: number, count: number): SentEvent[] {
  const next = random(seed);
  const nowMs = Date.now();
  const events: SentEvent[] = [];
  for (let index = 0; index < count; index++) {
    const atMs = nowMs - Math.floor(next() * 70 * 86_400_000) - 60_000;
    const occurredAt = new Date(atMs).toISOString();
    const pick = next();
    const id = `w${seed}-${index}`;
    if (pick < 0.3) events.push({ id, type: 'words', occurredAt, quantity: Math.floor(next() * 500) });
    else if (pick < 0.55) events.push({ id, type: 'api_request', occurredAt, quantity: 1 + Math.floor(next() * 3) });
    else if (pick < 0.85) events.push({ id, type: 'question', occurredAt, visitorId: `v${Math.floor(next() * 40)}`, country: ['DE', 'US', 'IN'][Math.floor(next() * 3)] });
    else if (pick < 0.92) {
      // A few objects, each kept in one kind, put and deleted over and over, some deleted while unknown.
      const object = Math.floor(next() * 12);
      if (next() < 0.2) events.push({ id, type: 'storage_delete', occurredAt, objectId: `o${object}` });
      else events.push({ id, type: 'storage_put', occurredAt, objectId: `o${object}`, kind: ['text', 'media', 'other'][object % 3], bytes: Math.floor(next() * 5000) });
    } else {
      // Each contact keeps one country, so that the expected country does not depend on arrival order.
      const contact = Math.floor(next() * 60);
      events.push({ id, type: 'contact', occurredAt, contactId: `c${contact}`, country: ['FR', 'BR', 'XK'][contact % 3] });
    }
  }
  const duplicates = events.filter(() => next() < 0.05);
  return [...events, ...duplicates];
}

describe.each(testDialects())('rollup on %s', (dialect) => {
  let database: TestDatabase;
  let testApp: TestApp;
  let dataSource: DataSource;
  let adminToken: string;
  // NOTE: passport keeps one strategy per name in the process, so the last app created verifies all
  // tokens. Extra apps therefore stay open until the end, on the same database.
  const extraApps: TestApp[] = [];
  async function extraApp(variables: Record<string, string> = {}): Promise<TestApp> {
    const app = await createTestApp(database.url, { variables: { ...VARIABLES, ...variables } });
    extraApps.push(app);
    return app;
  }

  const http = () => request(testApp.app.getHttpServer());
  const asAdmin = (pending: request.Test) => pending.set('Authorization', `Bearer ${adminToken}`);

  async function createTenant(timezone: string): Promise<{ id: string; key: string }> {
    const tenant = await asAdmin(http().post('/api/v1/admin/tenants')).send({ name: `Tenant ${randomUUID()}`, timezone });
    const key = await asAdmin(http().post(`/api/v1/tenants/${tenant.body.id}/api-keys`)).send({ name: 'Rollup test' });
    if (!key.body.key) throw new Error(`creating a tenant and key failed: ${JSON.stringify([tenant.status, tenant.body, key.status, key.body])}`);
    return { id: tenant.body.id, key: key.body.key };
  }

  async function send(key: string, events: SentEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += 500) {
      const response = await http().post('/api/v1/events').set('X-API-Key', key).send({ events: events.slice(start, start + 500) });
      expect(response.status).toBe(200);
      expect(response.body.rejected).toEqual([]);
    }
  }

  async function runRollup(app: TestApp = testApp): Promise<{ processedEvents: number; durationMs: number }> {
    const response = await request(app.app.getHttpServer()).post('/api/v1/admin/rollups/run').set('Authorization', `Bearer ${adminToken}`);
    expect(response.status).toBe(200);
    return response.body;
  }

  async function snapshotDays(tenantId: string): Promise<Map<string, Map<string, number>>> {
    const rows: Array<{ metric: string; day: string; value: number }> = await dataSource.query(
      'SELECT metric, day, value FROM usage_daily WHERE tenant_id = ?',
      [tenantId],
    );
    const days = new Map<string, Map<string, number>>();
    for (const row of rows) {
      const byDay = days.get(row.metric) ?? new Map<string, number>();
      byDay.set(row.day, Number(row.value));
      days.set(row.metric, byDay);
    }
    return days;
  }

  function nonZero(days: Map<string, Map<string, number>>): Record<string, Record<string, number>> {
    return Object.fromEntries(
      [...days].map(([metric, byDay]) => [metric, Object.fromEntries([...byDay].filter(([, value]) => value > 0).sort())]),
    );
  }

  async function expectEndpointsToMatch(tenantId: string, zone: string, events: SentEvent[]): Promise<void> {
    const expected = expectedDays(events, zone);
    const today = DateTime.now().setZone(zone);
    const monthStart = today.startOf('month');
    const previousStart = monthStart.minus({ months: 1 });
    const previousEnd = previousStart.plus({ days: Math.min(today.day, previousStart.daysInMonth as number) - 1 });

    const summary = await asAdmin(http().get(`/api/v1/tenants/${tenantId}/usage/summary`));
    expect(summary.status).toBe(200);
    for (const metric of ['words', 'apiRequests', 'questions', 'contacts']) {
      expect({ metric, ...summary.body[metric] }).toEqual({
        metric,
        thisMonth: sumRange(expected.get(metric), monthStart.toISODate()!, today.toISODate()!),
        lifetime: sumRange(expected.get(metric), '0000-00-00', '9999-99-99'),
        previousMonthToDate: sumRange(expected.get(metric), previousStart.toISODate()!, previousEnd.toISODate()!),
      });
    }

    const from = today.minus({ days: 75 }).toISODate()!;
    const to = today.toISODate()!;
    for (const metric of ['words', 'questions', 'contacts']) {
      const daily = await asAdmin(http().get(`/api/v1/tenants/${tenantId}/usage/timeseries`)).query({ metric, granularity: 'day', from, to });
      expect(daily.status).toBe(200);
      expect(daily.body.points).toHaveLength(76);
      const expectedPoints = daily.body.points.map((point: { period: string }) => ({
        period: point.period,
        value: expected.get(metric)?.get(point.period) ?? 0,
      }));
      expect(daily.body.points).toEqual(expectedPoints);

      const weekly = await asAdmin(http().get(`/api/v1/tenants/${tenantId}/usage/timeseries`)).query({ metric, granularity: 'week', from, to });
      for (const point of weekly.body.points as Array<{ period: string; value: number }>) {
        const sunday = DateTime.fromISO(point.period).plus({ days: 6 }).toISODate()!;
        expect({ week: point.period, value: point.value }).toEqual({ week: point.period, value: sumRange(expected.get(metric), point.period, sunday) });
        expect(DateTime.fromISO(point.period).weekday).toBe(1);
      }
    }
  }

  /** Compares the daily CSV export's storage column with end-of-day storage computed from the sent events. */
  async function expectStorageToMatch(tenantId: string, zone: string, events: SentEvent[]): Promise<void> {
    const today = DateTime.now().setZone(zone);
    const from = today.minus({ days: 75 }).toISODate()!;
    const to = today.toISODate()!;
    const csv = await asAdmin(http().get(`/api/v1/tenants/${tenantId}/usage/export.csv`)).query({ from, to, granularity: 'day' });
    expect(csv.status).toBe(200);

    const lines = csv.text.trim().split(/\r?\n/).slice(1);
    const exported = lines.map((line) => line.split(',')).map((cells) => [cells[0], Number(cells[5])] as const);
    const expected = expectedStorage(events, zone, exported.map(([day]) => day));
    expect(exported).toHaveLength(76);
    expect(exported).toEqual(exported.map(([day]) => [day, expected.get(day)]));
  }

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    testApp = await createTestApp(database.url, { variables: VARIABLES });
    dataSource = testApp.app.get(DataSource);
    const login = await http().post('/api/v1/auth/login').send({ email: VARIABLES.ADMIN_EMAIL, password: VARIABLES.ADMIN_PASSWORD });
    adminToken = login.body.accessToken;
  });

  afterAll(async () => {
    for (const app of extraApps) await app.close();
    await testApp?.close();
    await database?.drop();
  });

  it.each(ZONES)('matches an independent computation in %s', async (zone) => {
    const tenant = await createTenant(zone);
    const events = workload(ZONES.indexOf(zone) + 1, 600);
    await send(tenant.key, events);

    // Live before any rollup, from the raw events.
    await expectEndpointsToMatch(tenant.id, zone, events);

    await runRollup();
    expect(nonZero(await snapshotDays(tenant.id))).toEqual(nonZero(expectedDays(events, zone)));
    await expectEndpointsToMatch(tenant.id, zone, events);

    const geo = expectedGeo(events, zone);
    for (const subject of ['contacts', 'visitors'] as const) {
      const response = await asAdmin(http().get(`/api/v1/tenants/${tenant.id}/geo/countries`)).query({ subject, limit: 250 });
      const counts = Object.fromEntries((response.body.items as Array<{ country: string; count: number }>).map((item) => [item.country, item.count]));
      expect({ subject, counts }).toEqual({ subject, counts: geo[subject] });
      expect(response.body.unknownCount).toBe(0);
    }

    // Idempotent: another run, or markers left behind by a run that died half-way, change nothing.
    await runRollup();
    await dataSource.query(`INSERT INTO rollup_markers (tenant_id, utc_day) VALUES (?, ?), (?, ?)`, [
      tenant.id,
      Math.floor(Date.now() / 86_400_000) - 10,
      tenant.id,
      Math.floor(Date.now() / 86_400_000) - 40,
    ]);
    await runRollup();
    expect(nonZero(await snapshotDays(tenant.id))).toEqual(nonZero(expectedDays(events, zone)));
    await expectStorageToMatch(tenant.id, zone, events);

    // Late events, storage ones included, correct the days they belong to and the days after them.
    const late = workload(ZONES.indexOf(zone) + 101, 150);
    await send(tenant.key, late);
    await runRollup();
    expect(nonZero(await snapshotDays(tenant.id))).toEqual(nonZero(expectedDays([...events, ...late], zone)));
    await expectEndpointsToMatch(tenant.id, zone, [...events, ...late]);
    await expectStorageToMatch(tenant.id, zone, [...events, ...late]);
  });

  it('counts a late event for last month in last month', async () => {
    const zone = 'Europe/Berlin';
    const tenant = await createTenant(zone);
    const early = workload(11, 100);
    await send(tenant.key, early);
    await runRollup();

    const lastMonth = DateTime.now().setZone(zone).minus({ months: 1 }).startOf('month').plus({ days: 3, hours: 12 });
    const late: SentEvent = { id: 'late-1', type: 'words', occurredAt: lastMonth.toUTC().toISO()!, quantity: 777 };
    await send(tenant.key, [late]);

    await expectEndpointsToMatch(tenant.id, zone, [...early, late]);
    await runRollup();
    const monthly = await dataSource.query('SELECT value FROM usage_monthly WHERE tenant_id = ? AND metric = ? AND month = ?', [
      tenant.id,
      'words',
      lastMonth.toFormat('yyyy-MM'),
    ]);
    expect(Number(monthly[0].value)).toBe(sumRange(expectedDays([...early, late], zone).get('words'), `${lastMonth.toFormat('yyyy-MM')}-01`, `${lastMonth.toFormat('yyyy-MM')}-31`));
  });

  it.each(['Asia/Kolkata', 'America/New_York'])('adds usage deltas to snapshots in %s', async (zone) => {
    const tenant = await createTenant(zone);
    const usageOnly = (seed: number) => [...new Map(workload(seed, 300).filter((event) => event.type !== 'contact').map((event) => [event.id, event])).values()];
    const rawMarkers = async () =>
      Number((await dataSource.query('SELECT COUNT(*) AS count FROM rollup_markers WHERE tenant_id = ? AND slot IS NULL AND contacts_only = 0', [tenant.id]))[0].count);
    const first = usageOnly(41);
    const second = usageOnly(42);

    // New usage events leave only deltas on MySQL, which the reads add to the (still empty) snapshots.
    // SQLite marks the days for raw aggregation instead.
    const deltasOnly = dialect === 'mysql';
    await send(tenant.key, first);
    expect(await rawMarkers() === 0).toBe(deltasOnly);
    await expectEndpointsToMatch(tenant.id, zone, first);

    // After a rollup, deltas add to the snapshots it wrote.
    await runRollup();
    await send(tenant.key, second);
    expect(await rawMarkers() === 0).toBe(deltasOnly);
    await expectEndpointsToMatch(tenant.id, zone, [...first, ...second]);

    // Writes that commit while the rollup runs are counted once: in a snapshot or as a delta.
    const third = usageOnly(43);
    await Promise.all([send(tenant.key, third.slice(0, 100)), runRollup(), send(tenant.key, third.slice(100)), runRollup()]);
    await expectEndpointsToMatch(tenant.id, zone, [...first, ...second, ...third]);

    // A contact captured after the rollup, then again earlier, only needs its days' contacts recounted.
    await runRollup();
    const contact: SentEvent = { id: 'delta-contact-late', type: 'contact', occurredAt: new Date(Date.now() - 2 * 3_600_000).toISOString(), contactId: 'delta-person', country: 'FR' };
    await send(tenant.key, [contact]);
    await runRollup();
    const earlierContact: SentEvent = { ...contact, id: 'delta-contact-early', occurredAt: new Date(Date.now() - 9 * 86_400_000).toISOString() };
    await send(tenant.key, [earlierContact]);
    expect(await rawMarkers()).toBe(0);
    await expectEndpointsToMatch(tenant.id, zone, [...first, ...second, ...third, contact, earlierContact]);

    // A batch with some duplicates cannot tell which events counted, so it marks its days for raw aggregation.
    const mixed: SentEvent[] = [...second.slice(0, 5), { id: 'delta-mixed-new', type: 'words', occurredAt: new Date(Date.now() - 3_600_000).toISOString(), quantity: 9 }];
    await send(tenant.key, mixed);
    expect(await rawMarkers()).toBeGreaterThan(0);
    await expectEndpointsToMatch(tenant.id, zone, [...first, ...second, ...third, contact, earlierContact, ...mixed]);

    await runRollup();
    expect(nonZero(await snapshotDays(tenant.id))).toEqual(nonZero(expectedDays([...first, ...second, ...third, contact, earlierContact, ...mixed], zone)));
  });

  it('moves a contact to an earlier capture day', async () => {
    const zone = 'America/New_York';
    const tenant = await createTenant(zone);
    const first: SentEvent = { id: 'capture-late', type: 'contact', occurredAt: new Date(Date.now() - 2 * 86_400_000).toISOString(), contactId: 'moving', country: 'FR' };
    const earlier: SentEvent = { ...first, id: 'capture-early', occurredAt: new Date(Date.now() - 20 * 86_400_000).toISOString() };
    // Outside the two months that the summary reads day by day, yet part of its lifetime total.
    const earliest: SentEvent = { ...first, id: 'capture-earliest', occurredAt: new Date(Date.now() - 80 * 86_400_000).toISOString() };

    await send(tenant.key, [first]);
    await runRollup();
    await send(tenant.key, [earlier]);
    await expectEndpointsToMatch(tenant.id, zone, [first, earlier]);
    await runRollup();
    await send(tenant.key, [earliest]);
    await expectEndpointsToMatch(tenant.id, zone, [first, earlier, earliest]);
    await runRollup();

    // The day of the first capture must drop to 0, which only a recomputation of that day shows.
    expect(nonZero(await snapshotDays(tenant.id))).toEqual(nonZero(expectedDays([first, earlier, earliest], zone)));
    expect(sumRange((await snapshotDays(tenant.id)).get('contacts'), '0000-00-00', '9999-99-99')).toBe(1);
  });

  it('misses no event that commits while the rollup runs', async () => {
    const zone = 'Asia/Kolkata';
    const tenant = await createTenant(zone);
    const events = workload(21, 1200);
    const batches = [events.slice(0, 400), events.slice(400, 800), events.slice(800)];

    await Promise.all([send(tenant.key, batches[0]), runRollup(), send(tenant.key, batches[1]), runRollup(), send(tenant.key, batches[2])]);
    await runRollup();

    expect(nonZero(await snapshotDays(tenant.id))).toEqual(nonZero(expectedDays(events, zone)));
  });

  it('re-buckets retained history when the time zone changes', async () => {
    const tenant = await createTenant('Pacific/Kiritimati');
    // An event of a minute ago falls on a Kiritimati date that has not begun in Pago Pago yet.
    const recent: SentEvent = { id: 'tz-recent', type: 'api_request', occurredAt: new Date(Date.now() - 60_000).toISOString(), quantity: 2 };
    const events = [...workload(31, 400), recent];
    await send(tenant.key, events);
    await runRollup();

    const patched = await asAdmin(http().patch(`/api/v1/admin/tenants/${tenant.id}`)).send({ timezone: 'Pacific/Pago_Pago' });
    expect(patched.status).toBe(200);
    await runRollup();

    expect(nonZero(await snapshotDays(tenant.id))).toEqual(nonZero(expectedDays(events, 'Pacific/Pago_Pago')));
    await expectEndpointsToMatch(tenant.id, 'Pacific/Pago_Pago', events);
  });

  /** Makes the next rollup stop in its first aggregation until the returned gate opens, then fail or go on. */
  function pauseNextAggregation(outcome: 'fail' | 'continue'): { paused: Promise<void>; open: () => void } {
    const aggregateDays = usageAggregator.aggregateDays;
    let open!: () => void;
    let entered!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const paused = new Promise<void>((resolve) => (entered = resolve));
    jest.spyOn(usageAggregator, 'aggregateDays').mockImplementationOnce(async (...args) => {
      entered();
      await gate;
      if (outcome === 'fail') throw new Error('rollup failed on purpose');
      return aggregateDays(...args);
    });
    return { paused, open };
  }

  it('keeps two runs of one instance apart', async () => {
    const zone = 'UTC';
    const tenant = await createTenant(zone);
    const first: SentEvent[] = [{ id: 'apart-1', type: 'words', occurredAt: new Date(Date.now() - 3_600_000).toISOString(), quantity: 50 }];
    const second: SentEvent[] = [{ id: 'apart-2', type: 'words', occurredAt: new Date(Date.now() - 3_000_000).toISOString(), quantity: 70 }];
    await send(tenant.key, first);
    const rollups = testApp.app.get(RollupService);

    // The scheduled run stops half-way; the on-demand run must wait for it instead of running beside it.
    // On SQLite the write itself waits for the scheduled run's transaction, so nothing awaits it early.
    const { paused, open } = pauseNextAggregation('continue');
    const scheduled = rollups.run({ wait: true });
    await paused;
    const sending = send(tenant.key, second);
    await new Promise((later) => setTimeout(later, 100));
    const onDemand = rollups.run({ wait: true });
    open();
    await Promise.all([scheduled, sending, onDemand]);
    // Markers the on-demand run may have missed wait for this one; lost ones would not come back.
    await runRollup();

    expect(nonZero(await snapshotDays(tenant.id))).toEqual(nonZero(expectedDays([...first, ...second], zone)));
    expect(Number((await dataSource.query('SELECT COUNT(*) AS count FROM rollup_markers WHERE tenant_id = ?', [tenant.id]))[0].count)).toBe(0);
  });

  it('renews the lease during a long run', async () => {
    const tenant = await createTenant('UTC');
    await send(tenant.key, [{ id: 'renew-1', type: 'words', occurredAt: new Date(Date.now() - 3_600_000).toISOString(), quantity: 3 }]);
    const rollups = testApp.app.get(RollupService);
    rollups.leaseTtlMs = 300;

    try {
      const { paused, open } = pauseNextAggregation('continue');
      const running = rollups.run({ wait: true });
      await paused;
      // Three lease lifetimes later, the lease still runs into the future.
      await new Promise((later) => setTimeout(later, 900));
      const [lease] = await dataSource.query(`SELECT expires_at_ms FROM job_leases WHERE name = 'rollup'`);
      const checkedAtMs = Date.now();
      open();
      await running;

      expect(Number(lease.expires_at_ms)).toBeGreaterThan(checkedAtMs);
    } finally {
      rollups.leaseTtlMs = 5 * 60 * 1000;
    }
  });

  it('keeps an accepted write when a rollup fails', async () => {
    const tenant = await createTenant('UTC');
    await send(tenant.key, [{ id: 'kept-0', type: 'words', occurredAt: new Date(Date.now() - 3_600_000).toISOString(), quantity: 1 }]);
    const events: SentEvent[] = Array.from({ length: 20 }, (_, index) => ({ id: `kept-${index + 1}`, type: 'words', occurredAt: new Date(Date.now() - 3_600_000).toISOString(), quantity: 1 }));

    const { paused, open } = pauseNextAggregation('fail');
    const failing = testApp.app.get(RollupService).run({ wait: true }).catch((error: Error) => error.message);
    await paused;
    const write = send(tenant.key, events);
    // Give the write time to start while the rollup's transaction is open.
    await new Promise((later) => setTimeout(later, 100));
    open();

    expect(await failing).toBe('rollup failed on purpose');
    await write;
    const [row] = await dataSource.query("SELECT COUNT(*) AS count FROM usage_events WHERE tenant_id = ? AND event_id LIKE 'kept-%'", [tenant.id]);
    expect(Number(row.count)).toBe(21);
  });

  it('counts the events of tenants rolled up side by side', async () => {
    // Markers that earlier tests left would add their events to the count.
    await runRollup();
    const tenants = await Promise.all(ZONES.slice(0, 3).map((zone) => createTenant(zone)));
    const workloads = tenants.map((_, index) => workload(71 + index, 150));
    for (const [index, tenant] of tenants.entries()) await send(tenant.key, workloads[index]);

    const result = await runRollup();

    const usageEvents = workloads.flatMap((events) => [...new Map(events.filter((event) => event.type in METRIC_OF_TYPE).map((event) => [event.id, event])).values()]);
    expect(result.processedEvents).toBe(usageEvents.length);
    for (const [index, tenant] of tenants.entries()) {
      expect(nonZero(await snapshotDays(tenant.id))).toEqual(nonZero(expectedDays(workloads[index], ZONES[index])));
    }
  });

  it('retries a tenant after a deadlock', async () => {
    const tenant = await createTenant('Asia/Kolkata');
    const events = workload(61, 200);
    await send(tenant.key, events);

    // InnoDB rolls back one of two transactions that deadlock; here the first attempt is the victim.
    const spy = jest.spyOn(usageAggregator, 'aggregateDays').mockImplementationOnce(async () => {
      throw Object.assign(new Error('Deadlock found when trying to get lock'), { code: 'ER_LOCK_DEADLOCK' });
    });
    try {
      await runRollup();
    } finally {
      spy.mockRestore();
    }

    expect(nonZero(await snapshotDays(tenant.id))).toEqual(nonZero(expectedDays(events, 'Asia/Kolkata')));
  });

  it('keeps a time-zone change that commits while the rollup waits', async () => {
    const tenant = await createTenant('UTC');
    // Noon UTC of the latest past noon is the next day in Kiritimati (UTC+14).
    const noon = DateTime.utc().set({ hour: 12, minute: 0, second: 0, millisecond: 0 });
    const event: SentEvent = { id: 'zone-race', type: 'words', occurredAt: (noon > DateTime.utc() ? noon.minus({ days: 1 }) : noon).toISO()!, quantity: 7 };
    await send(tenant.key, [event]);

    const { paused, open } = pauseNextAggregation('continue');
    const rollup = runRollup();
    await paused;
    const patched = await asAdmin(http().patch(`/api/v1/admin/tenants/${tenant.id}`)).send({ timezone: 'Pacific/Kiritimati' });
    expect(patched.status).toBe(200);
    open();
    await rollup;
    await runRollup();

    expect(nonZero(await snapshotDays(tenant.id))).toEqual(nonZero(expectedDays([event], 'Pacific/Kiritimati')));
  });

  it('lets one instance run at a time and keeps the numbers', async () => {
    const zone = 'America/New_York';
    const tenant = await createTenant(zone);
    const events = workload(41, 500);
    await send(tenant.key, events);
    const other = await extraApp();

    const [first, second] = await Promise.all([runRollup(), runRollup(other)]);

    expect(first.processedEvents + second.processedEvents).toBeGreaterThan(0);
    expect(nonZero(await snapshotDays(tenant.id))).toEqual(nonZero(expectedDays(events, zone)));
  });

  it('prunes old raw events and keeps lifetime totals', async () => {
    const zone = 'UTC';
    const tenant = await createTenant(zone);
    const events = workload(51, 300);
    await send(tenant.key, events);
    await runRollup();
    const before = (await asAdmin(http().get(`/api/v1/tenants/${tenant.id}/usage/summary`))).body;

    // Events of a month ago arrive while they are retained, but are rolled up only after the
    // retention has moved past them. Their raw events are still there, so they count.
    const monthAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    const beyond: SentEvent[] = [
      { id: 'prune-beyond-1', type: 'words', occurredAt: monthAgo(30), quantity: 1000 },
      { id: 'prune-beyond-2', type: 'words', occurredAt: monthAgo(26), quantity: 234 },
    ];
    await send(tenant.key, beyond);
    const shortRetention = await extraApp({ RAW_RETENTION_DAYS: '20' });

    await runRollup(shortRetention);
    const [{ oldest }] = await dataSource.query('SELECT MIN(occurred_at_ms) AS oldest FROM usage_events WHERE tenant_id = ?', [tenant.id]);
    const after = (await asAdmin(http().get(`/api/v1/tenants/${tenant.id}/usage/summary`))).body;

    expect(Number(oldest)).toBeGreaterThanOrEqual(Date.now() - 23 * 86_400_000);
    expect(after.words.lifetime).toBe(before.words.lifetime + 1234);
    for (const metric of ['apiRequests', 'questions', 'contacts']) {
      expect({ metric, lifetime: after[metric].lifetime }).toEqual({ metric, lifetime: before[metric].lifetime });
    }
    expect(nonZero(await snapshotDays(tenant.id))).toEqual(nonZero(expectedDays([...events, ...beyond], zone)));

    // A pruned day marked again keeps its snapshot instead of being recomputed from what is left.
    const [{ cutoff }] = await dataSource.query(`SELECT value AS cutoff FROM rollup_state WHERE name = 'raw_events_pruned_before'`);
    expect(Number(cutoff)).toBeGreaterThan(Date.now() - 23 * 86_400_000);
    await dataSource.query('INSERT INTO rollup_markers (tenant_id, utc_day) VALUES (?, ?)', [tenant.id, Math.floor(Date.now() / 86_400_000) - 30]);
    await runRollup(shortRetention);
    expect(nonZero(await snapshotDays(tenant.id))).toEqual(nonZero(expectedDays([...events, ...beyond], zone)));

    // Late puts and deletes of retained days start from each object's state before them, which
    // pruning kept even where the object's events are gone.
    const late: SentEvent[] = Array.from({ length: 12 }, (_, object) => ({
      id: `prune-late-${object}`,
      type: object % 4 === 0 ? 'storage_delete' : 'storage_put',
      occurredAt: new Date(Date.now() - (3 + object) * 86_400_000).toISOString(),
      objectId: `o${object}`,
      ...(object % 4 === 0 ? {} : { kind: ['text', 'media', 'other'][object % 3], bytes: 100 * object }),
    }));
    await send(tenant.key, late);
    await runRollup(shortRetention);
    await expectStorageToMatch(tenant.id, zone, [...events, ...late]);
  });

  it('reports contacts and visitors per country', async () => {
    const zone = 'UTC';
    const tenant = await createTenant(zone);
    const now = DateTime.utc().minus({ minutes: 5 }).toISO()!;
    await send(tenant.key, [
      { id: 'g1', type: 'contact', occurredAt: now, contactId: 'a', country: 'DE' },
      { id: 'g2', type: 'contact', occurredAt: now, contactId: 'b', country: 'DE' },
      { id: 'g3', type: 'contact', occurredAt: now, contactId: 'c', country: 'XK' },
      { id: 'g4', type: 'contact', occurredAt: now, contactId: 'd' },
      { id: 'g5', type: 'question', occurredAt: now, visitorId: 'v1', country: 'US' },
      { id: 'g6', type: 'question', occurredAt: now, visitorId: 'v1', country: 'US' },
      { id: 'g7', type: 'question', occurredAt: now, visitorId: 'v2', country: 'US' },
      { id: 'g8', type: 'question', occurredAt: now, visitorId: 'v3', country: 'JP' },
    ]);
    await runRollup();

    const contacts = await asAdmin(http().get(`/api/v1/tenants/${tenant.id}/geo/countries`)).query({ subject: 'contacts', limit: 1 });
    const visitors = await asAdmin(http().get(`/api/v1/tenants/${tenant.id}/geo/countries`)).query({ subject: 'visitors' });
    const regions = await asAdmin(http().get(`/api/v1/tenants/${tenant.id}/geo/regions`)).query({ subject: 'contacts' });

    expect(contacts.body).toEqual({
      subject: 'contacts',
      month: null,
      items: [{ country: 'DE', name: 'Germany', region: 'Europe', count: 2 }],
      otherCount: 1,
      unknownCount: 1,
    });
    expect(visitors.body.items).toEqual([
      { country: 'US', name: 'United States', region: 'North America', count: 2 },
      { country: 'JP', name: 'Japan', region: 'Asia', count: 1 },
    ]);
    expect(regions.body.items).toEqual([{ region: 'Europe', count: 3 }]);
  });

  it('reports storage against the quota', async () => {
    const tenant = await createTenant('UTC');
    await asAdmin(http().patch(`/api/v1/admin/tenants/${tenant.id}`)).send({ storageQuotaBytes: 3000 });
    const at = (minutes: number) => DateTime.utc().minus({ minutes }).toISO()!;
    await send(tenant.key, [
      { id: 's1', type: 'storage_put', occurredAt: at(9), objectId: 'a', bytes: 1000, contentType: 'text/html' } as SentEvent,
      { id: 's2', type: 'storage_put', occurredAt: at(8), objectId: 'b', bytes: 2500, contentType: 'video/mp4' } as SentEvent,
      { id: 's3', type: 'storage_put', occurredAt: at(7), objectId: 'c', bytes: 7, kind: 'other' } as SentEvent,
      { id: 's4', type: 'storage_delete', occurredAt: at(6), objectId: 'c' } as SentEvent,
    ]);

    const storage = await asAdmin(http().get(`/api/v1/tenants/${tenant.id}/storage`));
    await runRollup();
    const endOfDay = await dataSource.query(
      'SELECT kind, bytes FROM storage_daily WHERE tenant_id = ? AND day = (SELECT MAX(day) FROM storage_daily WHERE tenant_id = ?) ORDER BY kind',
      [tenant.id, tenant.id],
    );

    expect(storage.body).toEqual({
      usedBytes: 3500,
      quotaBytes: 3000,
      percentUsed: 116.67,
      byKind: { text: { bytes: 1000, objects: 1 }, media: { bytes: 2500, objects: 1 }, other: { bytes: 0, objects: 0 } },
      largest: [
        { objectId: 'b', kind: 'media', bytes: 2500 },
        { objectId: 'a', kind: 'text', bytes: 1000 },
      ],
    });
    expect(endOfDay.map((row: { kind: string; bytes: number }) => ({ kind: row.kind, bytes: Number(row.bytes) }))).toEqual([
      { kind: 'media', bytes: 2500 },
      { kind: 'other', bytes: 0 },
      { kind: 'text', bytes: 1000 },
    ]);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const tenant = await createTenant('UTC');
    const first = await asAdmin(http().get(`/api/v1/tenants/${tenant.id}/usage/summary`));

    const again = await asAdmin(http().get(`/api/v1/tenants/${tenant.id}/usage/summary`)).set('If-None-Match', first.headers.etag);
    await send(tenant.key, [{ id: 'etag-1', type: 'api_request', occurredAt: DateTime.utc().minus({ minutes: 1 }).toISO()! }]);
    const changed = await asAdmin(http().get(`/api/v1/tenants/${tenant.id}/usage/summary`)).set('If-None-Match', first.headers.etag);

    expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(changed.status).toBe(200);
    expect(changed.body.apiRequests.thisMonth).toBe(1);
  });

  it.each([
    [{ metric: 'words', granularity: 'day', from: '2020-01-01', to: '2026-12-01' }, 'at most 1000 points'],
    [{ metric: 'words', granularity: 'day', from: '2026-05-02', to: '2026-05-01' }, 'from 2026-05-02 is after to 2026-05-01'],
    [{ metric: 'words', granularity: 'day', from: '2026-02-30', to: '2026-03-01' }, 'from 2026-02-30 is not a real date'],
    [{ metric: 'words', granularity: 'day', from: 'yesterday', to: '2026-03-01' }, 'from must be a date in the form YYYY-MM-DD (got "yesterday")'],
    [{ metric: 'clicks', granularity: 'day', from: '2026-01-01', to: '2026-03-01' }, 'metric must be one of words, apiRequests, questions, contacts (got "clicks")'],
    [{ metric: 'words', granularity: 'year', from: '2026-01-01', to: '2026-03-01' }, 'granularity must be one of day, week, month (got "year")'],
  ])('rejects timeseries query %j', async (query, message) => {
    const tenant = await createTenant('UTC');

    const response = await asAdmin(http().get(`/api/v1/tenants/${tenant.id}/usage/timeseries`)).query(query);

    expect(response.status).toBe(400);
    expect([response.body.message].flat().join(' ')).toContain(message);
  });

  it('fills every month and ISO week of a range with zeros', async () => {
    const tenant = await createTenant('UTC');

    const months = await asAdmin(http().get(`/api/v1/tenants/${tenant.id}/usage/timeseries`)).query({ metric: 'words', granularity: 'month', from: '2026-01-15', to: '2026-04-02' });
    const weeks = await asAdmin(http().get(`/api/v1/tenants/${tenant.id}/usage/timeseries`)).query({ metric: 'words', granularity: 'week', from: '2026-03-04', to: '2026-03-16' });

    expect(months.body.points).toEqual(['2026-01', '2026-02', '2026-03', '2026-04'].map((period) => ({ period, value: 0 })));
    expect(weeks.body.points).toEqual(['2026-03-02', '2026-03-09', '2026-03-16'].map((period) => ({ period, value: 0 })));
  });
});
