// Benchmarks of the built server (dist/backend/main.js) on this machine, run by `npm run bench`.
// Each benchmark starts its own server on a free loopback port and prints one result line.
// BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306/test) names a MySQL/MariaDB server where
// throwaway databases are created; set it to "off" for SQLite only. BENCH_METRICS_EVENTS (default
// 10,000,000; 0 skips) sets the raw events of the metrics benchmark. BENCH_EXPORT_TENANTS (default
// 274; 0 skips) sets the tenants of the export benchmark, each with 3,650 days of snapshots.
// BENCH_ONLY (e.g. "export") runs only the named benchmarks: ingestion, demo, metrics, export.
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { createConnection } from 'mysql2/promise';

const MAIN = resolve('dist/backend/main.js');
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
/** Unmeasured load before the ingestion runs and the bare INSERT. */
const WARM_UP_SECONDS = 3;
const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const ADMIN = { email: 'bench@beyondask.local', password: 'bench-admin-password' };
/** Comma-separated benchmarks to run (ingestion, metrics, export); all when unset. */
const ONLY = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
const selected = (name) => ONLY === undefined || ONLY.includes(name);
const results = [];

async function findFreePort() {
  const server = createServer();
  await new Promise((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address();
  await new Promise((closed) => server.close(closed));
  return port;
}

/** Arguments of the server process: BENCH_NODE_ARGS (such as --cpu-prof), then the built entry point. */
function serverArguments() {
  return [...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : []), MAIN];
}

async function startServer(databaseUrl) {
  const port = await findFreePort();
  const child = spawn(process.execPath, serverArguments(), {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      JWT_SECRET: 'b'.repeat(32),
      LOG_LEVEL: 'warn',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ROLLUP_CRON: 'off',
      // The metrics benchmarks send far more than the default 1,200 requests a minute per user.
      USER_RATE_LIMIT: '10000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      await fetch(`${baseUrl}/api/health`);
      let stopping = false;
      child.once('exit', (code, signal) => {
        if (!stopping) console.error(`the server exited during the benchmark with code ${code} and signal ${signal}`);
      });
      const stop = () =>
        new Promise((exited) => {
          stopping = true;
          if (child.exitCode !== null || child.signalCode !== null) return exited();
          child.once('exit', exited);
          child.kill('SIGTERM');
        });
      return { baseUrl, pid: child.pid, stop };
    } catch {
      await new Promise((retry) => setTimeout(retry, 200));
    }
  }
  child.kill();
  throw new Error(`the server did not start on port ${port}`);
}

async function api(baseUrl, method, path, token, body) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path} failed with status ${response.status}: ${await response.text()}`);
  return response.json();
}

/** Creates a tenant and an API key on a fresh server and returns the key. */
async function createApiKey(baseUrl) {
  const { accessToken } = await api(baseUrl, 'POST', '/api/v1/auth/login', null, ADMIN);
  const tenant = await api(baseUrl, 'POST', '/api/v1/admin/tenants', accessToken, { name: 'Bench tenant' });
  const { key } = await api(baseUrl, 'POST', `/api/v1/tenants/${tenant.id}/api-keys`, accessToken, { name: 'Bench' });
  return key;
}

function record(name, figures) {
  results.push({ name, ...figures });
  console.log(`${name}: ${Object.entries(figures).map(([key, value]) => `${key} ${value}`).join(', ')}`);
}

async function load(options) {
  const result = await autocannon({ connections: 8, duration: DURATION_SECONDS, ...options });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${result.non2xx} non-2xx responses and ${result.errors} errors during ${options.url}`);
  }
  return result;
}

/** Builds the JSON body of a batch of `size` events with ids that no other batch uses. */
function eventBatchBody(prefix, first, size) {
  const occurredAt = new Date().toISOString();
  const events = Array.from({ length: size }, (_, index) => {
    const id = `${prefix}-${first + index}`;
    if (index % 3 === 0) return { id, type: 'words', occurredAt, quantity: 42 };
    if (index % 3 === 1) return { id, type: 'api_request', occurredAt };
    return { id, type: 'question', occurredAt, visitorId: `v${(first + index) % 500}`, country: 'DE' };
  });
  return JSON.stringify({ events });
}

/**
 * Returns an autocannon request that posts batches of `size` events with fresh ids. The bodies are
 * built before the run (`expectedRequests` of them), so that the load generator, which shares the
 * two cores with the server, spends little CPU during the measurement.
 */
function eventBatchRequest(apiKey, size, expectedRequests) {
  const prefix = randomBytes(4).toString('hex');
  const bodies = Array.from({ length: expectedRequests }, (_, index) => eventBatchBody(prefix, index * size, size));
  let next = 0;
  return {
    method: 'POST',
    path: '/api/v1/events',
    headers: { 'Content-Type': 'application/json', 'X-API-Key': apiKey },
    setupRequest: (request) => {
      const body = bodies[next] ?? eventBatchBody(prefix, next * size, size);
      next += 1;
      return { ...request, body };
    },
  };
}

async function benchServer(label, databaseUrl) {
  const server = await startServer(databaseUrl);
  try {
    const health = await load({ url: `${server.baseUrl}/api/health` });
    record(`health (${label})`, { 'requests/s': Math.round(health.requests.average), 'p99 ms': health.latency.p99 });

    const apiKey = await createApiKey(server.baseUrl);
    // Until V8 has optimized the ingestion path, the first seconds run about 10 % slower.
    await load({ url: server.baseUrl, duration: WARM_UP_SECONDS, requests: [eventBatchRequest(apiKey, 100, 1000 * WARM_UP_SECONDS)] });
    const batched = await load({ url: server.baseUrl, requests: [eventBatchRequest(apiKey, 100, 1000 * DURATION_SECONDS)] });
    record(`ingestion, 100 events per request, 8 clients (${label})`, {
      'events/s': Math.round(batched.requests.average * 100),
      'p99 ms': batched.latency.p99,
    });

    // Single events are small and latency-bound, so they are measured with more clients.
    const single = await load({ url: server.baseUrl, connections: 64, requests: [eventBatchRequest(apiKey, 1, 8000 * DURATION_SECONDS)] });
    record(`ingestion, 1 event per request, 64 clients (${label})`, {
      'requests/s': Math.round(single.requests.average),
      'p99 ms': single.latency.p99,
    });
  } finally {
    await server.stop();
  }
}

/**
 * Returns the row that ingestion stores for the `index`th event of eventBatchBody, so that the bare
 * INSERT writes the same mix: words, API requests, and questions with a visitor key and country.
 */
function bareRow(tenantId, eventId, index) {
  const now = Date.now();
  if (index % 3 === 0) return [tenantId, eventId, 'words', now, now, 42, null, null, null, null, null, null];
  if (index % 3 === 1) return [tenantId, eventId, 'api_request', now, now, 1, null, null, null, null, null, null];
  const visitorKey = createHash('sha256').update(`v${index % 500}`).digest('base64url');
  return [tenantId, eventId, 'question', now, now, 1, visitorKey, null, 'DE', null, null, null];
}

/** Inserts rows straight through mysql2, 100 per statement on 8 connections, as the ceiling for ingestion. */
async function benchBareInsert(databaseUrl) {
  const url = new URL(databaseUrl);
  const connect = () =>
    createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password), database: url.pathname.slice(1) });
  const connections = await Promise.all(Array.from({ length: 8 }, connect));
  const prefix = randomBytes(4).toString('hex');
  const tenantId = randomUUID();
  let next = 0;
  const insertFor = async (seconds) => {
    const deadline = Date.now() + seconds * 1000;
    let rows = 0;
    await Promise.all(
      connections.map(async (connection) => {
        while (Date.now() < deadline) {
          const values = Array.from({ length: 100 }, () => {
            next += 1;
            return bareRow(tenantId, `${prefix}-${next}`, next);
          });
          await connection.query(
            'INSERT INTO usage_events (tenant_id, event_id, type, occurred_at_ms, received_at_ms, quantity, visitor_key, contact_key, country, object_id, storage_kind, bytes) VALUES ?',
            [values],
          );
          rows += 100;
        }
      }),
    );
    return rows;
  };

  await insertFor(WARM_UP_SECONDS);
  const rows = await insertFor(DURATION_SECONDS);
  await Promise.all(connections.map((connection) => connection.end()));
  const rowsPerSecond = Math.round(rows / DURATION_SECONDS);
  record('bare mysql2 INSERT, 100 rows per statement, 8 connections (MySQL)', { 'rows/s': rowsPerSecond });
  const batched = results.find((result) => result.name === 'ingestion, 100 events per request, 8 clients (MySQL)');
  if (batched) record('batched ingestion as a share of the bare INSERT (MySQL)', { percent: Math.round((batched['events/s'] / rowsPerSecond) * 100) });
}

/** Splits a mysql:// URL into mysql2 connection options. */
function connectionOptions(databaseUrl) {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.slice(1) || undefined,
  };
}

/** CPU time in ms that a process has used so far, user and system (Linux clock ticks of 10 ms). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Sends `total` requests from 8 concurrent workers and returns the latency percentiles in ms, and
 * with `serverPid` the server's CPU time per request in ms, which varies less between runs than
 * latency on a shared machine.
 */
async function measureLatency(url, headers, total, serverPid) {
  const cpuBefore = serverPid ? cpuMs(serverPid) : 0;
  const latencies = [];
  let sent = 0;
  const worker = async () => {
    while (sent < total) {
      sent += 1;
      const started = performance.now();
      const response = await fetch(url(), { headers });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${url()} failed with status ${response.status}`);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  latencies.sort((a, b) => a - b);
  const percentile = (share) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * share))] * 10) / 10;
  const cpuPerRequest = serverPid ? Math.round(((cpuMs(serverPid) - cpuBefore) / total) * 100) / 100 : undefined;
  return { p50: percentile(0.5), p95: percentile(0.95), cpuPerRequest };
}

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Kiritimati'];
const DAY_MS = 86_400_000;
const SLOT_MS = 15 * 60 * 1000;

/**
 * Loads raw events straight into MySQL (faster than the API, which the ingestion benchmark covers),
 * spread over `tenants` and the last `spreadDays` days, with a rollup marker for every tenant day.
 * Events come roughly in time order with ids that grow per tenant, as from live clients, so each
 * index of usage_events grows at a few points instead of at random places that a 128 MiB buffer
 * pool cannot hold.
 */
async function loadRawEvents(databaseUrl, tenantIds, count, spreadDays, { usageDeltas = false } = {}) {
  const connections = await Promise.all(Array.from({ length: 8 }, () => createConnection(connectionOptions(databaseUrl))));
  const prefix = randomBytes(4).toString('hex');
  const nowMs = Date.now() - 60_000;
  const perStatement = 1000;
  let next = 0;
  await Promise.all(
    connections.map(async (connection) => {
      const writtenRows = [];
      while (next < count) {
        const rows = [];
        for (let index = 0; index < perStatement && next < count; index++, next++) {
          const tenantId = tenantIds[next % tenantIds.length];
          const occurredAtMs = nowMs - Math.floor((1 - (next + Math.random()) / count) * spreadDays * DAY_MS);
          const pick = next % 10;
          let type = 'question';
          if (pick < 3) type = 'words';
          else if (pick < 6) type = 'api_request';
          const quantity = type === 'words' ? 1 + (next % 400) : 1;
          const visitor = type === 'question' ? `v${next % 997}` : null;
          const country = type === 'question' ? ['DE', 'US', 'IN', 'FR', 'BR'][next % 5] : null;
          rows.push([tenantId, `${prefix}-${String(next).padStart(10, '0')}`, type, occurredAtMs, occurredAtMs, quantity, visitor, null, country, null, null, null]);
        }
        await connection.query(
          'INSERT INTO usage_events (tenant_id, event_id, type, occurred_at_ms, received_at_ms, quantity, visitor_key, contact_key, country, object_id, storage_kind, bytes) VALUES ?',
          [rows],
        );
        if (usageDeltas) {
          writtenRows.push(...rows);
          // Every 10 statements hold 100 events per tenant: the markers of one request of 100 events each.
          if (writtenRows.length >= perStatement * 10) await insertDeltaMarkers(connection, writtenRows.splice(0));
        }
      }
      if (writtenRows.length > 0) await insertDeltaMarkers(connection, writtenRows);
    }),
  );
  if (usageDeltas) {
    await Promise.all(connections.map((connection) => connection.end()));
    return;
  }
  const today = Math.floor(nowMs / DAY_MS);
  const markers = tenantIds.flatMap((tenantId) => Array.from({ length: spreadDays + 1 }, (_, offset) => [tenantId, today - offset]));
  for (let start = 0; start < markers.length; start += 5000) {
    await connections[0].query('INSERT INTO rollup_markers (tenant_id, utc_day) VALUES ?', [markers.slice(start, start + 5000)]);
  }
  await Promise.all(connections.map((connection) => connection.end()));
}

/**
 * Inserts the usage-delta markers that ingestion writes for these new event rows, were each
 * tenant's rows one request: per tenant and 15-minute slot, the words, API requests and questions.
 */
async function insertDeltaMarkers(connection, rows) {
  await connection.query('INSERT INTO rollup_markers (tenant_id, utc_day, slot, words, api_requests, questions) VALUES ?', [deltaMarkersOf(rows)]);
}

function deltaMarkersOf(rows) {
  const markers = new Map();
  for (const [tenantId, , type, occurredAtMs, , quantity] of rows) {
    const slot = Math.floor(occurredAtMs / SLOT_MS);
    const key = `${tenantId}:${slot}`;
    const marker = markers.get(key) ?? [tenantId, Math.floor(occurredAtMs / DAY_MS), slot, 0, 0, 0];
    marker[{ words: 3, api_request: 4, question: 5 }[type]] += quantity;
    markers.set(key, marker);
  }
  return [...markers.values()];
}

/**
 * Waits until InnoDB has flushed most dirty pages and purged old row versions after a bulk load and
 * rollup, at most 120 s, so that the reads measure the steady state rather than background I/O.
 * Returns the seconds waited.
 */
async function waitForQuietDatabase(databaseUrl) {
  const connection = await createConnection(connectionOptions(databaseUrl));
  const started = Date.now();
  try {
    while (Date.now() - started < 120_000) {
      const [rows] = await connection.query(
        "SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_buffer_pool_pages_dirty', 'Innodb_buffer_pool_pages_total', 'Innodb_history_list_length')",
      );
      const status = Object.fromEntries(rows.map((row) => [row.Variable_name, Number(row.Value)]));
      const dirtyShare = status.Innodb_buffer_pool_pages_dirty / status.Innodb_buffer_pool_pages_total;
      if (dirtyShare < 0.05 && (status.Innodb_history_list_length ?? 0) < 1000) break;
      await new Promise((retry) => setTimeout(retry, 1000));
    }
  } finally {
    await connection.end();
  }
  return Math.round((Date.now() - started) / 1000);
}

async function countMarkers(databaseUrl) {
  const connection = await createConnection(connectionOptions(databaseUrl));
  const [[{ markers }]] = await connection.query('SELECT COUNT(*) AS markers FROM rollup_markers');
  await connection.end();
  return Number(markers);
}

/**
 * Adds `perTenant` contacts captured today to every tenant, with the contacts-only marker of today
 * that ingestion writes for them, so that reads recount today's contacts.
 */
async function insertTodaysContacts(databaseUrl, tenantIds, perTenant) {
  const connection = await createConnection(connectionOptions(databaseUrl));
  const nowMs = Date.now() - 60_000;
  const contacts = tenantIds.flatMap((tenantId) =>
    Array.from({ length: perTenant }, (_, index) => [tenantId, randomBytes(16).toString('hex'), nowMs - index * 1000, ['DE', 'US', 'IN'][index % 3]]),
  );
  for (let start = 0; start < contacts.length; start += 5000) {
    await connection.query('INSERT INTO contacts (tenant_id, contact_key, first_captured_ms, country) VALUES ?', [contacts.slice(start, start + 5000)]);
  }
  const today = Math.floor(nowMs / DAY_MS);
  await connection.query('INSERT INTO rollup_markers (tenant_id, utc_day, contacts_only) VALUES ?', [tenantIds.map((tenantId) => [tenantId, today, 1])]);
  await connection.end();
}

/**
 * Adds one words event per tenant on the 15th of last month (UTC), marked as a late event is, so
 * that the next rollup recomputes that day and recounts the whole month's distinct visitors.
 */
async function insertLastMonthEvents(databaseUrl, tenantIds) {
  const connection = await createConnection(connectionOptions(databaseUrl));
  const now = new Date();
  const occurredAtMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15, 12);
  const prefix = randomBytes(4).toString('hex');
  await connection.query(
    'INSERT INTO usage_events (tenant_id, event_id, type, occurred_at_ms, received_at_ms, quantity) VALUES ?',
    [tenantIds.map((tenantId, index) => [tenantId, `${prefix}-late-${index}`, 'words', occurredAtMs, Date.now(), 5])],
  );
  await connection.query('INSERT INTO rollup_markers (tenant_id, utc_day) VALUES ?', [tenantIds.map((tenantId) => [tenantId, Math.floor(occurredAtMs / DAY_MS)])]);
  await connection.end();
}

/** Marks today (UTC) of every tenant for aggregation from the raw events. */
async function insertRawDayMarkers(databaseUrl, tenantIds) {
  const connection = await createConnection(connectionOptions(databaseUrl));
  const today = Math.floor(Date.now() / DAY_MS);
  await connection.query('INSERT INTO rollup_markers (tenant_id, utc_day) VALUES ?', [tenantIds.map((tenantId) => [tenantId, today])]);
  await connection.end();
}

/** Raw events, snapshot reads and the incremental rollup with many tenants and a year of data. */
async function benchMetrics(databaseUrl) {
  const totalEvents = Number(process.env.BENCH_METRICS_EVENTS ?? 10_000_000);
  const server = await startServer(databaseUrl);
  try {
    const { accessToken } = await api(server.baseUrl, 'POST', '/api/v1/auth/login', null, ADMIN);
    const headers = { Authorization: `Bearer ${accessToken}` };
    const tenantIds = [];
    for (let index = 0; index < 100; index++) {
      const tenant = await api(server.baseUrl, 'POST', '/api/v1/admin/tenants', accessToken, { name: `Metrics ${index}`, timezone: ZONES[index % ZONES.length] });
      tenantIds.push(tenant.id);
    }
    const rollup = () => api(server.baseUrl, 'POST', '/api/v1/admin/rollups/run', accessToken);
    let turn = 0;
    const tenantUrl = (path) => () => `${server.baseUrl}/api/v1/tenants/${tenantIds[turn++ % tenantIds.length]}/${path}`;
    const yearAgo = new Date(Date.now() - 365 * DAY_MS).toISOString().slice(0, 10);
    const today = new Date().toISOString().slice(0, 10);

    let loaded = 0;
    for (const target of [Math.min(1_000_000, totalEvents), totalEvents]) {
      if (target <= loaded) continue;
      let started = Date.now();
      await loadRawEvents(databaseUrl, tenantIds, target - loaded, 395);
      const loadSeconds = (Date.now() - started) / 1000;
      started = Date.now();
      const full = await rollup();
      loaded = target;
      record(`full rollup of ${target.toLocaleString('en')} raw events over 13 months, 100 tenants (MySQL)`, {
        'load s': Math.round(loadSeconds),
        'rollup s': Math.round((Date.now() - started) / 1000),
        'events/s': Math.round(full.processedEvents / (full.durationMs / 1000)),
      });

      const settleSeconds = await waitForQuietDatabase(databaseUrl);
      // Unrecorded requests first, so that the percentiles measure compiled code rather than the
      // just-started server's first calls.
      await measureLatency(tenantUrl('usage/summary'), headers, 200);
      await measureLatency(tenantUrl(`usage/timeseries?metric=words&granularity=day&from=${yearAgo}&to=${today}`), headers, 200);
      const health = await measureLatency(() => `${server.baseUrl}/api/health`, {}, 2000, server.pid);
      const summary = await measureLatency(tenantUrl('usage/summary'), headers, 2000, server.pid);
      const series = await measureLatency(tenantUrl(`usage/timeseries?metric=words&granularity=day&from=${yearAgo}&to=${today}`), headers, 1000, server.pid);
      record(`reads with ${target.toLocaleString('en')} raw events (MySQL)`, {
        'settle s': settleSeconds,
        'health p95 ms': health.p95,
        'summary p95 ms': summary.p95,
        'daily timeseries for a year p95 ms': series.p95,
        'server CPU ms per health / summary / timeseries': `${health.cpuPerRequest} / ${summary.cpuPerRequest} / ${series.cpuPerRequest}`,
      });
    }

    const fresh = Math.min(1_000_000, totalEvents);
    await loadRawEvents(databaseUrl, tenantIds, fresh, 1, { usageDeltas: true });
    const perTenant = (fresh / tenantIds.length).toLocaleString('en');

    // Every tenant now has the usage-delta markers that ingestion leaves between two rollup runs.
    let pendingSummary = await measureLatency(tenantUrl('usage/summary'), headers, 2000, server.pid);
    let pendingSeries = await measureLatency(tenantUrl(`usage/timeseries?metric=words&granularity=day&from=${yearAgo}&to=${today}`), headers, 1000, server.pid);
    const markers = await countMarkers(databaseUrl);
    record(`reads with ${perTenant} events per tenant since the last rollup, as usage deltas (MySQL)`, {
      markers,
      'summary p95 ms': pendingSummary.p95,
      'daily timeseries for a year p95 ms': pendingSeries.p95,
      'server CPU ms per summary / timeseries': `${pendingSummary.cpuPerRequest} / ${pendingSeries.cpuPerRequest}`,
    });

    // Contacts mark their day for a recount of contacts only; usage keeps its snapshot and deltas.
    await insertTodaysContacts(databaseUrl, tenantIds, 100);
    pendingSummary = await measureLatency(tenantUrl('usage/summary'), headers, 2000, server.pid);
    pendingSeries = await measureLatency(tenantUrl(`usage/timeseries?metric=contacts&granularity=day&from=${yearAgo}&to=${today}`), headers, 1000, server.pid);
    record(`reads with the usage deltas and 100 contacts per tenant captured today, recounted live (MySQL)`, {
      'summary p95 ms': pendingSummary.p95,
      'daily contacts timeseries for a year p95 ms': pendingSeries.p95,
    });

    // A marker without a slot, as duplicates or a time-zone change leave, makes the reads aggregate
    // that day from the raw events.
    await insertRawDayMarkers(databaseUrl, tenantIds);
    pendingSummary = await measureLatency(tenantUrl('usage/summary'), headers, 2000);
    pendingSeries = await measureLatency(tenantUrl(`usage/timeseries?metric=words&granularity=day&from=${yearAgo}&to=${today}`), headers, 1000);
    record(`reads with ${perTenant} events per tenant since the last rollup, today aggregated from raw events (MySQL)`, {
      'summary p95 ms': pendingSummary.p95,
      'daily timeseries for a year p95 ms': pendingSeries.p95,
    });

    const incremental = await rollup();
    record(`incremental rollup of ${fresh.toLocaleString('en')} new events from the last day (MySQL)`, {
      'rollup s': Math.round(incremental.durationMs / 100) / 10,
      'new events/s': Math.round(fresh / (incremental.durationMs / 1000)),
    });

    // A late event for a past month recounts that whole month's distinct visitors from the index.
    await insertLastMonthEvents(databaseUrl, tenantIds);
    const lateMonth = await rollup();
    record(`incremental rollup of one event per tenant on the 15th of last month, recounting its visitors (MySQL)`, {
      'rollup s': Math.round(lateMonth.durationMs / 100) / 10,
      'ms per tenant': Math.round(lateMonth.durationMs / tenantIds.length),
    });
  } finally {
    await server.stop();
  }
}

/**
 * Starts the built server with DEMO_DATA=true on an empty database and reads from its JSON log how
 * long it took to create the demo data: tenants, users, events posted through the API and the rollup.
 */
async function benchDemoData(label, databaseUrl) {
  const startedAtMs = Date.now();
  const child = spawn(process.execPath, serverArguments(), {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      JWT_SECRET: 'b'.repeat(32),
      LOG_LEVEL: 'info',
      PORT: String(await findFreePort()),
      DATABASE_URL: databaseUrl,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      DEMO_DATA: 'true',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });

  const created = await new Promise((resolveCreated, rejectCreated) => {
    const timer = setTimeout(() => rejectCreated(new Error('the demo data was not created within 5 minutes')), 5 * 60_000);
    let pending = '';
    child.stdout.on('data', (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines.filter((text) => text.startsWith('{'))) {
        const entry = JSON.parse(line);
        if (entry.msg === 'Created the demo data') {
          clearTimeout(timer);
          resolveCreated(entry);
        }
        if (entry.msg?.startsWith('Failed to create the demo data')) {
          clearTimeout(timer);
          rejectCreated(new Error(`the server failed to create the demo data: ${entry.err?.message}`));
        }
      }
    });
    child.once('exit', (code) => rejectCreated(new Error(`the server exited with code ${code} before creating the demo data`)));
  });

  const wallSeconds = (Date.now() - startedAtMs) / 1000;
  await new Promise((exited) => {
    child.once('exit', exited);
    child.kill('SIGTERM');
  });
  record(`demo data on an empty database (${label})`, {
    events: created.events,
    'seeding s': Math.round(created.durationMs / 100) / 10,
    'process start to done s': Math.round(wallSeconds * 10) / 10,
  });
}

/** Resident memory of a process in bytes, from /proc/<pid>/status (Linux). */
function residentBytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)[1]) * 1024;
}

/**
 * Inserts `days` days of usage_daily and storage_daily rows, up to today (UTC), for each tenant
 * straight through mysql2: the snapshots that the rollup would have left.
 */
async function loadSnapshots(databaseUrl, tenantIds, days) {
  const connections = await Promise.all(Array.from({ length: 4 }, () => createConnection(connectionOptions(databaseUrl))));
  const today = Math.floor(Date.now() / DAY_MS);
  const dates = Array.from({ length: days }, (_, offset) => new Date((today - offset) * DAY_MS).toISOString().slice(0, 10));
  let next = 0;
  await Promise.all(
    connections.map(async (connection) => {
      while (next < tenantIds.length) {
        const tenantId = tenantIds[next++];
        const usage = dates.flatMap((day, index) =>
          ['words', 'apiRequests', 'questions', 'contacts'].map((metric, rank) => [tenantId, metric, day, 1 + ((index * 7919 + rank * 104_729) % 50_000)]),
        );
        for (let start = 0; start < usage.length; start += 5000) {
          await connection.query('INSERT INTO usage_daily (tenant_id, metric, day, value) VALUES ?', [usage.slice(start, start + 5000)]);
        }
        const storage = dates.map((day, index) => [tenantId, day, 'text', 1_000_000 + index * 4096]);
        for (let start = 0; start < storage.length; start += 5000) {
          await connection.query('INSERT INTO storage_daily (tenant_id, day, kind, bytes) VALUES ?', [storage.slice(start, start + 5000)]);
        }
      }
    }),
  );
  await Promise.all(connections.map((connection) => connection.end()));
}

/**
 * Downloads the platform-wide daily export and measures rows per second and the growth of the
 * server's resident memory, sampled every 20 ms, over its value just before the request.
 */
async function benchExport(databaseUrl) {
  const tenantCount = Number(process.env.BENCH_EXPORT_TENANTS ?? 274);
  const days = 3650;
  const server = await startServer(databaseUrl);
  try {
    const { accessToken } = await api(server.baseUrl, 'POST', '/api/v1/auth/login', null, ADMIN);
    const tenantIds = [];
    for (let index = 0; index < tenantCount; index++) {
      const tenant = await api(server.baseUrl, 'POST', '/api/v1/admin/tenants', accessToken, { name: `Export ${String(index).padStart(3, '0')}` });
      tenantIds.push(tenant.id);
    }
    const seedStarted = Date.now();
    await loadSnapshots(databaseUrl, tenantIds, days);
    const seedSeconds = Math.round((Date.now() - seedStarted) / 1000);

    const rssBefore = residentBytes(server.pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, residentBytes(server.pid));
    }, 20);
    const started = performance.now();
    const response = await fetch(`${server.baseUrl}/api/v1/admin/usage/export.csv?granularity=day`, { headers: { Authorization: `Bearer ${accessToken}` } });
    if (!response.ok) throw new Error(`the export failed with status ${response.status}: ${await response.text()}`);
    let lines = 0;
    let bytes = 0;
    for await (const chunk of response.body) {
      bytes += chunk.length;
      for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) lines += 1;
    }
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, residentBytes(server.pid));

    const rows = lines - 1;
    record(`platform-wide daily export, ${tenantCount} tenants x ${days} days (MySQL)`, {
      rows,
      'seed s': seedSeconds,
      'export s': Math.round(seconds * 10) / 10,
      'rows/s': Math.round(rows / seconds),
      MB: Math.round(bytes / 1e6),
      'RSS before MB': Math.round(rssBefore / 2 ** 20),
      'RSS growth MB': Math.round((rssPeak - rssBefore) / 2 ** 20),
    });
  } finally {
    await server.stop();
  }
}

async function withMysqlDatabase(work) {
  const server = new URL(MYSQL_URL);
  const admin = await createConnection({ host: server.hostname, port: Number(server.port || 3306), user: decodeURIComponent(server.username), password: decodeURIComponent(server.password) });
  const name = `beyondask_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  server.pathname = `/${name}`;
  try {
    await work(server.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  }
}

if (!existsSync(MAIN)) {
  console.error(`${MAIN} is missing; run "npx nx build backend" first`);
  process.exit(1);
}

const folder = mkdtempSync(join(tmpdir(), 'beyondask-bench-'));
try {
  if (selected('ingestion')) {
    await benchServer('SQLite', `sqlite:${join(folder, 'bench.sqlite')}`);
  }
  if (selected('demo')) {
    await benchDemoData('SQLite', `sqlite:${join(folder, 'demo.sqlite')}`);
  }
  if (MYSQL_URL !== 'off') {
    if (selected('ingestion')) {
      await withMysqlDatabase(async (databaseUrl) => {
        await benchServer('MySQL', databaseUrl);
        await benchBareInsert(databaseUrl);
      });
    }
    if (selected('demo')) {
      await withMysqlDatabase((databaseUrl) => benchDemoData('MySQL', databaseUrl));
    }
    if (selected('metrics') && process.env.BENCH_METRICS_EVENTS !== '0') {
      await withMysqlDatabase(benchMetrics);
    }
    if (selected('export') && process.env.BENCH_EXPORT_TENANTS !== '0') {
      await withMysqlDatabase(benchExport);
    }
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
