// Dashboard benchmark with the demo data (three tenants, 13 months of events). It measures the
// initial JavaScript the browser transfers (gzip, as the server sends it). It also measures the time
// from navigation until all four dashboard charts are drawn, in headless Chromium on localhost.
//
// Usage: npx nx run-many -t build -p backend frontend && node e2e/bench/dashboard.mjs
// Environment: BENCH_DASHBOARD_RUNS (default 7), CHROMIUM_PATH (default /usr/bin/chromium).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runs = Number(process.env.BENCH_DASHBOARD_RUNS ?? 7);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHARTS = ['chart-requests', 'chart-words', 'chart-storage', 'chart-countries'];
const DEMO_ADMIN = { email: 'admin@spreewald-software.example', password: 'demo-admin-123' };

async function freePort() {
  const server = createServer();
  await new Promise((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address();
  await new Promise((closed) => server.close(closed));
  return port;
}

/** Starts the built server with demo data and resolves once the demo data is ready. */
async function startServer() {
  const dataFolder = mkdtempSync(join(tmpdir(), 'beyondask-bench-dashboard-'));
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'dist/backend/main.js')], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      JWT_SECRET: 'bench-only-secret-0123456789abcdef0123456789',
      ADMIN_PASSWORD: 'bench-admin-password',
      PORT: String(port),
      DATABASE_URL: `sqlite:${join(dataFolder, 'bench.sqlite')}`,
      DEMO_DATA: 'true',
      ROLLUP_CRON: 'off',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });

  const started = Date.now();
  await new Promise((ready, failed) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Demo data is ready')) ready();
    });
    child.once('exit', (code) => failed(new Error(`the server exited with code ${code} before the demo data was ready`)));
  });
  console.log(`demo data ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataFolder, { recursive: true, force: true });
    },
  };
}

/** Bytes on the wire for one URL, accepting gzip only, the encoding every browser takes over plain HTTP. */
function transferredBytes(url) {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'Accept-Encoding': 'gzip' } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk) => (bytes += chunk.length));
      response.on('end', () => resolve({ bytes, encoding: response.headers['content-encoding'] ?? 'identity' }));
    }).on('error', reject);
  });
}

/** Lists the scripts index.html loads at start: module scripts and their modulepreload links. */
async function initialScripts(baseUrl) {
  const html = await (await fetch(`${baseUrl}/`)).text();
  const sources = [...html.matchAll(/<script[^>]+src="([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)];
  return [...new Set(sources.map((match) => match[1]))];
}

function percentile(values, share) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
}

const server = await startServer();
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

try {
  let total = 0;
  for (const script of await initialScripts(server.baseUrl)) {
    const { bytes, encoding } = await transferredBytes(`${server.baseUrl}/${script.replace(/^\//, '')}`);
    total += bytes;
    console.log(`  ${script}: ${(bytes / 1000).toFixed(1)} kB (${encoding})`);
  }
  console.log(`initial JavaScript transferred, gzip: ${(total / 1000).toFixed(1)} kB (goal: under 350 kB)`);

  const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_ADMIN),
  }).then((response) => response.json());
  const session = JSON.stringify({ accessToken: login.accessToken, expiresAt: Date.now() + login.expiresIn * 1000, user: login.user });

  const timings = [];
  for (let run = 0; run < runs; run++) {
    // A fresh context each time: empty cache, as on a first visit, with the session already stored.
    const context = await browser.newContext({ viewport: { width: 1366, height: 1000 } });
    await context.addInitScript((stored) => localStorage.setItem('beyondask.session', stored), session);
    const page = await context.newPage();

    const started = performance.now();
    await page.goto(`${server.baseUrl}/dashboard`);
    for (const chart of CHARTS) {
      await page.locator(`[data-testid="${chart}"] mat-card-content[data-state="ready"] canvas`).waitFor();
    }
    // One more frame, so the charts have painted what they laid out.
    await page.evaluate(() => new Promise((painted) => requestAnimationFrame(() => requestAnimationFrame(painted))));
    timings.push(performance.now() - started);
    await context.close();
  }

  console.log(
    `dashboard with four charts drawn, ${runs} cold loads: median ${percentile(timings, 0.5).toFixed(0)} ms, ` +
      `p95 ${percentile(timings, 0.95).toFixed(0)} ms, max ${Math.max(...timings).toFixed(0)} ms (goal: within 1500 ms)`,
  );
} finally {
  await browser.close();
  await server.stop();
}
