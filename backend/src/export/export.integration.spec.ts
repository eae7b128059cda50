import { randomUUID } from 'node:crypto';
import { get, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { createTestApp, TestApp } from '../testing/create-test-app';
import { createTestDatabase, TestDatabase, testDialects } from '../testing/test-databases';

const VARIABLES = {
  JWT_SECRET: 'export-test-secret-of-at-least-32-characters',
  ADMIN_EMAIL: 'platform@beyondask.test',
  ADMIN_PASSWORD: 'platform-admin-password',
  ROLLUP_CRON: 'off',
};
const PASSWORD = 'tenant-user-password';
const TENANT_HEADER = 'period,words,api_requests,questions,contacts,storage_bytes';
const PLATFORM_HEADER = `tenant_id,tenant_name,${TENANT_HEADER}`;
const METRIC_COLUMNS = { words: 'words', apiRequests: 'api_requests', questions: 'questions', contacts: 'contacts' } as const;

interface Download {
  status: number;
  headers: Record<string, string>;
  bytes: Buffer;
  text: string;
}

type CsvRow = Record<string, string>;

/** A tiny deterministic random generator, so that a failing workload can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Events of every counted type over the last `days` days. */
function workload(seed: number, count: number, days: number): object[] {
  const next = random(seed);
  return Array.from({ length: count }, (_, index) => {
    const occurredAt = new Date(Date.now() - 60_000 - Math.floor(next() * days * 86_400_000)).toISOString();
    const id = `export-${seed}-${index}`;
    const pick = next();
    if (pick < 0.3) return { id, type: 'words', occurredAt, quantity: Math.floor(next() * 500) };
    if (pick < 0.55) return { id, type: 'api_request', occurredAt, quantity: 1 + Math.floor(next() * 3) };
    if (pick < 0.85) return { id, type: 'question', occurredAt, visitorId: `v${Math.floor(next() * 40)}`, country: 'DE' };
    return { id, type: 'contact', occurredAt, contactId: `c${Math.floor(next() * 60)}`, country: 'FR' };
  });
}

function parseCsv(text: string): CsvRow[] {
  return parse(text, { columns: true, bom: true }) as CsvRow[];
}

describe.each(testDialects())('CSV export on %s', (dialect) => {
  let database: TestDatabase;
  let testApp: TestApp;
  let dataSource: DataSource;
  let baseUrl: string;
  let platformToken: string;
  let tenantA: { id: string; key: string };
  let adminAToken: string;
  let memberAToken: string;
  let adminBToken: string;

  const http = () => request(testApp.app.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  async function signIn(email: string, password: string): Promise<string> {
    const response = await http().post('/api/v1/auth/login').send({ email, password });
    expect(response.status).toBe(200);
    return response.body.accessToken;
  }

  async function createTenant(name: string, timezone = 'UTC'): Promise<{ id: string; key: string }> {
    const tenant = await http().post('/api/v1/admin/tenants').set(bearer(platformToken)).send({ name, timezone });
    expect(tenant.status).toBe(201);
    const key = await http().post(`/api/v1/tenants/${tenant.body.id}/api-keys`).set(bearer(platformToken)).send({ name: 'Export test' });
    return { id: tenant.body.id, key: key.body.key };
  }

  async function createUser(tenantId: string, role: 'member' | 'tenant_admin'): Promise<string> {
    const email = `${role}-${randomUUID()}@export.test`;
    const created = await http().post(`/api/v1/admin/tenants/${tenantId}/users`).set(bearer(platformToken)).send({ email, password: PASSWORD, role });
    expect(created.status).toBe(201);
    return signIn(email, PASSWORD);
  }

  async function send(key: string, events: object[]): Promise<void> {
    for (let start = 0; start < events.length; start += 500) {
      const response = await http().post('/api/v1/events').set('X-API-Key', key).send({ events: events.slice(start, start + 500) });
      expect(response.status).toBe(200);
      expect(response.body.rejected).toEqual([]);
    }
  }

  async function runRollup(): Promise<void> {
    const response = await http().post('/api/v1/admin/rollups/run').set(bearer(platformToken));
    expect(response.status).toBe(200);
  }

  /** Downloads a path and keeps the exact bytes, so that the byte-order mark and line ends can be checked. */
  async function download(path: string, token: string, query: Record<string, string> = {}): Promise<Download> {
    const response = await http()
      .get(path)
      .query(query)
      .set(bearer(token))
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    const bytes = response.body as Buffer;
    return { status: response.status, headers: response.headers, bytes, text: bytes.toString('utf8') };
  }

  async function timeseries(tenantId: string, metric: string, granularity: string, from: string, to: string): Promise<Array<{ period: string; value: number }>> {
    const response = await http().get(`/api/v1/tenants/${tenantId}/usage/timeseries`).set(bearer(platformToken)).query({ metric, granularity, from, to });
    expect(response.status).toBe(200);
    return response.body.points;
  }

  async function expectExportToMatchTimeseries(tenantId: string, granularity: string, from: string, to: string): Promise<void> {
    const csv = await download(`/api/v1/tenants/${tenantId}/usage/export.csv`, adminAToken, { from, to, granularity });
    expect(csv.status).toBe(200);
    const rows = parseCsv(csv.text);

    for (const [metric, column] of Object.entries(METRIC_COLUMNS)) {
      const points = await timeseries(tenantId, metric, granularity, from, to);
      expect({ metric, values: rows.map((row) => ({ period: row.period, value: Number(row[column]) })) }).toEqual({ metric, values: points });
    }
  }

  async function listExports(query: Record<string, string | number> = {}): Promise<request.Response> {
    return http().get('/api/v1/admin/exports').set(bearer(platformToken)).query(query);
  }

  /** Waits until the newest export has left the streaming status, which happens when the response ends. */
  async function newestFinishedExport(): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [newest] = (await listExports({ limit: 1 })).body.items;
      if (newest.status !== 'streaming' || Date.now() > deadline) return newest;
      await new Promise((retry) => setTimeout(retry, 50));
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    testApp = await createTestApp(database.url, { variables: VARIABLES });
    await testApp.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(testApp.app.getHttpServer().address() as AddressInfo).port}`;
    dataSource = testApp.app.get(DataSource);
    platformToken = await signIn(VARIABLES.ADMIN_EMAIL, VARIABLES.ADMIN_PASSWORD);

    tenantA = await createTenant('Acme Support', 'America/New_York');
    const tenantB = await createTenant('Other Tenant');
    adminAToken = await createUser(tenantA.id, 'tenant_admin');
    memberAToken = await createUser(tenantA.id, 'member');
    adminBToken = await createUser(tenantB.id, 'tenant_admin');
  });

  afterAll(async () => {
    await testApp?.close();
    await database?.drop();
  });

  it('matches the timeseries API with pending days, after a rollup, and with both', async () => {
    const zone = 'America/New_York';
    const today = DateTime.now().setZone(zone);
    const dayRange = { from: today.minus({ days: 75 }).toISODate()!, to: today.toISODate()! };
    const monthRange = { from: today.minus({ months: 3 }).toISODate()!, to: today.plus({ days: 3 }).toISODate()! };
    await send(tenantA.key, workload(1, 800, 70));

    await expectExportToMatchTimeseries(tenantA.id, 'day', dayRange.from, dayRange.to);
    await expectExportToMatchTimeseries(tenantA.id, 'month', monthRange.from, monthRange.to);

    await runRollup();
    await expectExportToMatchTimeseries(tenantA.id, 'day', dayRange.from, dayRange.to);
    await expectExportToMatchTimeseries(tenantA.id, 'month', monthRange.from, monthRange.to);

    // New events make some days pending again while the others stay settled.
    await send(tenantA.key, workload(2, 200, 20));
    await expectExportToMatchTimeseries(tenantA.id, 'day', dayRange.from, dayRange.to);
    await expectExportToMatchTimeseries(tenantA.id, 'month', monthRange.from, monthRange.to);
  });

  it('has a row for every period, zeros included, and nothing else', async () => {
    const csv = await download(`/api/v1/tenants/${tenantA.id}/usage/export.csv`, adminAToken, { from: '2019-01-30', to: '2019-03-02', granularity: 'day' });
    const months = await download(`/api/v1/tenants/${tenantA.id}/usage/export.csv`, adminAToken, { from: '2019-01-30', to: '2019-03-02', granularity: 'month' });

    const rows = parseCsv(csv.text);
    expect(rows).toHaveLength(32);
    expect(rows[0]).toEqual({ period: '2019-01-30', words: '0', api_requests: '0', questions: '0', contacts: '0', storage_bytes: '0' });
    expect(rows[31].period).toBe('2019-03-02');
    expect(parseCsv(months.text).map((row) => row.period)).toEqual(['2019-01', '2019-02', '2019-03']);
  });

  it('writes the header, CRLF line ends, the content type and the file name', async () => {
    const csv = await download(`/api/v1/tenants/${tenantA.id}/usage/export.csv`, adminAToken, { from: '2026-01-01', to: '2026-01-02' });

    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="beyondask-usage-acme-support-2026-01-01_2026-01-02.csv"');
    expect(csv.headers['cache-control']).toBe('no-store');
    expect(csv.text.split('\r\n')).toEqual([TENANT_HEADER, expect.stringMatching(/^2026-01-01,/), expect.stringMatching(/^2026-01-02,/), '']);
  });

  it('adds a byte-order mark only with bom=true', async () => {
    const path = `/api/v1/tenants/${tenantA.id}/usage/export.csv`;

    const withBom = await download(path, adminAToken, { from: '2026-01-01', to: '2026-01-01', bom: 'true' });
    const withoutBom = await download(path, adminAToken, { from: '2026-01-01', to: '2026-01-01', bom: 'false' });
    const byDefault = await download(path, adminAToken, { from: '2026-01-01', to: '2026-01-01' });

    expect(withBom.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(withBom.bytes.subarray(3).toString('utf8').startsWith(TENANT_HEADER)).toBe(true);
    expect(withoutBom.bytes.toString('utf8').startsWith(TENANT_HEADER)).toBe(true);
    expect(byDefault.bytes.toString('utf8').startsWith(TENANT_HEADER)).toBe(true);
  });

  it('exports from the first day with data to today by default', async () => {
    const zone = 'Asia/Kolkata';
    const tenant = await createTenant(`Defaults ${randomUUID()}`, zone);
    const firstAt = DateTime.now().setZone(zone).minus({ days: 12 }).set({ hour: 12 });
    await send(tenant.key, [{ id: 'first', type: 'words', occurredAt: firstAt.toUTC().toISO(), quantity: 5 }]);

    const pending = parseCsv((await download(`/api/v1/tenants/${tenant.id}/usage/export.csv`, platformToken)).text);
    await runRollup();
    const settled = parseCsv((await download(`/api/v1/tenants/${tenant.id}/usage/export.csv`, platformToken)).text);

    for (const rows of [pending, settled]) {
      expect(rows).toHaveLength(13);
      expect(rows[0]).toMatchObject({ period: firstAt.toISODate(), words: '5' });
      expect(rows[12].period).toBe(DateTime.now().setZone(zone).toISODate());
    }
  });

  it('reports end-of-day storage per day and month', async () => {
    const tenant = await createTenant(`Storage ${randomUUID()}`);
    const today = DateTime.utc().startOf('day');
    const day = (offset: number) => today.plus({ days: offset }).toISODate()!;
    // End-of-day figures of earlier days, as earlier rollup runs would have left them.
    await dataSource.query('INSERT INTO storage_daily (tenant_id, day, kind, bytes) VALUES (?, ?, ?, ?), (?, ?, ?, ?), (?, ?, ?, ?)', [
      tenant.id, day(-40), 'text', 100,
      tenant.id, day(-40), 'media', 50,
      tenant.id, day(-10), 'text', 300,
    ]);
    await send(tenant.key, [
      { id: 's1', type: 'storage_put', occurredAt: today.toISO(), objectId: 'kb/1', bytes: 1000, kind: 'text' },
      { id: 's2', type: 'storage_put', occurredAt: today.toISO(), objectId: 'img/1', bytes: 2500, kind: 'media' },
    ]);
    await runRollup();

    const from = day(-45);
    const to = day(2);
    const daily = parseCsv((await download(`/api/v1/tenants/${tenant.id}/usage/export.csv`, platformToken, { from, to, granularity: 'day' })).text);
    const monthly = parseCsv((await download(`/api/v1/tenants/${tenant.id}/usage/export.csv`, platformToken, { from, to, granularity: 'month' })).text);

    const expectedOn = (date: string): number => {
      if (date > day(0)) return 0;
      if (date === day(0)) return 3500;
      if (date >= day(-10)) return 300;
      if (date >= day(-40)) return 150;
      return 0;
    };
    expect(daily).toHaveLength(48);
    expect(daily.map((row) => ({ period: row.period, bytes: Number(row.storage_bytes) }))).toEqual(
      daily.map((row) => ({ period: row.period, bytes: expectedOn(row.period) })),
    );
    const lastDayShown = (month: string): string => {
      const end = DateTime.fromISO(`${month}-01`, { zone: 'utc' }).endOf('month').toISODate()!;
      return end < day(0) ? end : day(0);
    };
    expect(monthly.map((row) => ({ period: row.period, bytes: Number(row.storage_bytes) }))).toEqual(
      monthly.map((row) => ({ period: row.period, bytes: row.period > day(0).slice(0, 7) ? 0 : expectedOn(lastDayShown(row.period)) })),
    );
  });

  it('round-trips formula-like and multi-line tenant names through the platform export', async () => {
    const names = ['=HYPERLINK("x")', 'Comma, "quote"\nand newline', '+1 Plus', '-1 Minus', '@SUM(A1)'];
    const tenants = [];
    for (const name of names) tenants.push({ name, ...(await createTenant(name)) });

    const csv = await download('/api/v1/admin/usage/export.csv', platformToken, { from: '2026-03-01', to: '2026-03-02', granularity: 'day' });

    expect(csv.status).toBe(200);
    expect(csv.text.startsWith(`${PLATFORM_HEADER}\r\n`)).toBe(true);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="beyondask-usage-all-tenants-2026-03-01_2026-03-02.csv"');
    const rows = parseCsv(csv.text);
    for (const tenant of tenants) {
      const own = rows.filter((row) => row.tenant_id === tenant.id);
      const expectedName = /^[=+\-@]/.test(tenant.name) ? `'${tenant.name}` : tenant.name;
      expect(own.map((row) => row.tenant_name)).toEqual([expectedName, expectedName]);
      expect(own.map((row) => row.period)).toEqual(['2026-03-01', '2026-03-02']);
    }
    for (const row of rows) {
      for (const column of ['words', 'api_requests', 'questions', 'contacts', 'storage_bytes']) {
        expect({ column, value: row[column] }).toEqual({ column, value: expect.stringMatching(/^\d+$/) });
      }
    }
  });

  it('orders the platform export by tenant name, then id, with periods in order', async () => {
    const csv = await download('/api/v1/admin/usage/export.csv', platformToken, { from: '2026-01-01', to: '2026-03-31', granularity: 'month' });
    const tenants: Array<{ id: string; name: string }> = await dataSource.query('SELECT id, name FROM tenants ORDER BY name, id');

    const rows = parseCsv(csv.text);
    const unquoted = (name: string) => name.replace(/^'(?=[=+\-@\t\r])/, '');
    expect(rows.map((row) => [row.tenant_id, unquoted(row.tenant_name), row.period])).toEqual(
      tenants.flatMap((tenant) => ['2026-01', '2026-02', '2026-03'].map((period) => [tenant.id, tenant.name, period])),
    );
  });

  it('limits exports to admins of the tenant', async () => {
    const tenantPath = `/api/v1/tenants/${tenantA.id}/usage/export.csv`;
    const query = { from: '2026-01-01', to: '2026-01-31' };

    expect((await download(tenantPath, adminAToken, query)).status).toBe(200);
    expect((await download(tenantPath, platformToken, query)).status).toBe(200);
    expect((await download(tenantPath, memberAToken, query)).status).toBe(403);
    expect((await download(tenantPath, adminBToken, query)).status).toBe(404);
    expect((await download(`/api/v1/tenants/${randomUUID()}/usage/export.csv`, platformToken, query)).status).toBe(404);
    expect((await http().get(tenantPath).query(query)).status).toBe(401);

    for (const token of [adminAToken, memberAToken]) {
      expect((await download('/api/v1/admin/usage/export.csv', token, query)).status).toBe(403);
      expect((await http().get('/api/v1/admin/exports').set(bearer(token))).status).toBe(403);
    }
  });

  it.each([
    [{ from: '2026-05-02', to: '2026-05-01' }, 'from 2026-05-02 is after to 2026-05-01; give a from on or before to'],
    [{ from: '2026-02-30', to: '2026-03-01' }, 'from 2026-02-30 is not a real date; give an existing calendar date as YYYY-MM-DD'],
    [{ from: '2015-01-01', to: '2026-01-01' }, 'The range from 2015-01-01 to 2026-01-01 is longer than 10 years; export at most 10 years at a time, for example from 2016-01-02'],
    [{ from: 'yesterday' }, 'from must be a date in the form YYYY-MM-DD (got "yesterday")'],
    [{ granularity: 'week' }, 'granularity must be one of day, month (got "week")'],
    [{ bom: 'yes' }, 'bom must be true or false (got "yes")'],
    [{ format: 'xlsx' }, 'property format should not exist'],
  ])('rejects %j with 400', async (query, message) => {
    for (const path of [`/api/v1/tenants/${tenantA.id}/usage/export.csv`, '/api/v1/admin/usage/export.csv']) {
      const response = await http().get(path).set(bearer(platformToken)).query(query);

      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect([response.body.message].flat().join(' ')).toContain(message);
    }
  });

  it('records each export and lists them newest first', async () => {
    const before = (await listExports({ limit: 1 })).body.items[0];
    const tenantCsv = await download(`/api/v1/tenants/${tenantA.id}/usage/export.csv`, adminAToken, { from: '2026-02-01', to: '2026-04-30', granularity: 'month' });
    const tenantRecord = await newestFinishedExport();
    const platformCsv = await download('/api/v1/admin/usage/export.csv', platformToken, { to: '2026-01-31', granularity: 'month' });
    const platformRecord = await newestFinishedExport();

    expect(tenantCsv.status).toBe(200);
    expect(tenantRecord).toMatchObject({
      tenantId: tenantA.id,
      tenantName: 'Acme Support',
      userEmail: expect.stringMatching(/^tenant_admin-.*@export\.test$/),
      from: '2026-02-01',
      to: '2026-04-30',
      granularity: 'month',
      rowCount: 3,
      status: 'completed',
    });
    expect(platformCsv.status).toBe(200);
    expect(platformRecord).toMatchObject({
      tenantId: null,
      tenantName: null,
      userEmail: VARIABLES.ADMIN_EMAIL,
      from: null,
      to: '2026-01-31',
      rowCount: parseCsv(platformCsv.text).length,
      status: 'completed',
    });
    expect(Date.parse(platformRecord.finishedAt as string)).toBeGreaterThanOrEqual(Date.parse(platformRecord.startedAt as string));

    const firstPage = (await listExports({ limit: 2 })).body;
    const secondPage = (await listExports({ limit: 2, before: firstPage.nextBefore })).body;
    expect(firstPage.items.map((item: { id: string }) => item.id)).toEqual([platformRecord.id, tenantRecord.id]);
    expect(secondPage.items[0].id).toBe(before.id);
    const badCursor = await listExports({ before: randomUUID() });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.message).toContain('is not the id of an export');
  });

  it('answers HEAD without recording an export', async () => {
    const newestBefore = (await listExports({ limit: 1 })).body.items[0];

    const tenantHead = await http().head(`/api/v1/tenants/${tenantA.id}/usage/export.csv`).set(bearer(adminAToken)).query({ from: '2026-01-01', to: '2026-01-31' });
    const platformHead = await http().head('/api/v1/admin/usage/export.csv').set(bearer(platformToken)).query({ from: '2026-01-01', to: '2026-01-31' });
    const badRange = await http().head('/api/v1/admin/usage/export.csv').set(bearer(platformToken)).query({ from: '2026-02-01', to: '2026-01-31' });

    expect(tenantHead.status).toBe(200);
    expect(tenantHead.headers['content-disposition']).toBe('attachment; filename="beyondask-usage-acme-support-2026-01-01_2026-01-31.csv"');
    expect(platformHead.status).toBe(200);
    expect(platformHead.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(badRange.status).toBe(400);
    expect((await listExports({ limit: 1 })).body.items[0].id).toBe(newestBefore.id);
  });

  it('answers 500 without database details when reading fails before the first row', async () => {
    await dataSource.query('ALTER TABLE storage_daily RENAME TO storage_daily_away');
    try {
      const response = await download(`/api/v1/tenants/${tenantA.id}/usage/export.csv`, adminAToken, { from: '2026-01-01', to: '2026-01-31' });

      const record = await newestFinishedExport();
      expect(response.status).toBe(500);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.headers['content-disposition']).toBeUndefined();
      expect(response.text).not.toContain('storage_daily');
      expect(record).toMatchObject({ tenantId: tenantA.id, status: 'failed', rowCount: 0 });
      expect(testApp.logEntries.some((entry) => entry.msg === 'CSV export failed while reading usage' && entry.exportId === record.id)).toBe(true);
    } finally {
      await dataSource.query('ALTER TABLE storage_daily_away RENAME TO storage_daily');
    }
  });

  describe('with a large platform export', () => {
    /** Opens the platform export, reads its first chunk and leaves the rest unread, so that the server waits on backpressure. */
    async function openPaused(): Promise<{ response: IncomingMessage; firstChunk: Buffer }> {
      const query = new URLSearchParams({ from: '2016-12-01', to: '2026-11-30', granularity: 'day' });
      return new Promise((resolve, reject) => {
        const pending = get(`${baseUrl}/api/v1/admin/usage/export.csv?${query}`, { headers: bearer(platformToken) }, (response) => {
          response.once('data', (firstChunk: Buffer) => {
            response.pause();
            resolve({ response, firstChunk });
          });
        });
        pending.on('error', reject);
      });
    }

    /** Reads the rest of a response; resolves with whether it ended complete, or was cut off. */
    function readRest(response: IncomingMessage): Promise<{ complete: boolean; bytes: number }> {
      let bytes = 0;
      return new Promise((resolve) => {
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('close', () => resolve({ complete: response.complete, bytes }));
        response.on('error', () => undefined);
        response.resume();
      });
    }

    beforeAll(async () => {
      // 40 tenants over 10 years are some 146,000 rows, far more than the socket buffers hold.
      const rows = Array.from({ length: 40 }, (_, index) => [randomUUID(), `zz Large ${String(index).padStart(2, '0')}`]);
      await dataSource.query(`INSERT INTO tenants (id, name) VALUES ${rows.map(() => '(?, ?)').join(', ')}`, rows.flat());
    });

    it('records an export that the client aborts', async () => {
      const { response, firstChunk } = await openPaused();

      expect(response.statusCode).toBe(200);
      expect(firstChunk.toString('utf8').startsWith(PLATFORM_HEADER)).toBe(true);
      response.destroy();

      const record = await newestFinishedExport();
      expect(record.status).toBe('aborted');
      expect(record.rowCount).toBeGreaterThan(0);
      expect(record.rowCount).toBeLessThan(146_000);
      expect(testApp.logEntries.some((entry) => entry.msg === 'Client closed the connection before the CSV export ended' && entry.exportId === record.id)).toBe(true);
    });

    it('logs a database failure after the headers and cuts the response off', async () => {
      const { response } = await openPaused();
      await dataSource.query('ALTER TABLE storage_daily RENAME TO storage_daily_away');
      try {
        const rest = await readRest(response);

        const record = await newestFinishedExport();
        expect(rest.complete).toBe(false);
        expect(record.status).toBe('failed');
        const logged = testApp.logEntries.find((entry) => entry.msg === 'CSV export failed while reading usage' && entry.exportId === record.id);
        expect(logged?.err).toBeDefined();
        expect(logged?.rows).toBe(record.rowCount);
      } finally {
        await dataSource.query('ALTER TABLE storage_daily_away RENAME TO storage_daily');
      }
    });
  });
});
