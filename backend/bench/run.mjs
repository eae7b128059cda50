// Benchmarks of the built server (dist/backend/main.js) on this machine, run by `npm run bench`.
// Each benchmark starts its own server on a free loopback port and prints one result line;
// set BENCH_MYSQL_URL to also run them against MySQL/MariaDB.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';

const MAIN = resolve('dist/backend/main.js');
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);

async function findFreePort() {
  const server = createServer();
  await new Promise((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address();
  await new Promise((closed) => server.close(closed));
  return port;
}

async function startServer(databaseUrl) {
  const port = await findFreePort();
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, NODE_ENV: 'production', JWT_SECRET: 'b'.repeat(32), LOG_LEVEL: 'warn', PORT: String(port), DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      await fetch(`${baseUrl}/api/health`);
      return { baseUrl, stop: () => new Promise((exited) => { child.once('exit', exited); child.kill('SIGTERM'); }) };
    } catch {
      await new Promise((retry) => setTimeout(retry, 200));
    }
  }
  child.kill();
  throw new Error(`the server did not start on port ${port}`);
}

async function benchHealth(label, databaseUrl) {
  const server = await startServer(databaseUrl);
  try {
    const result = await autocannon({ url: `${server.baseUrl}/api/health`, connections: 8, duration: DURATION_SECONDS });
    console.log(
      `health (${label}): ${Math.round(result.requests.average)} requests/s, ` +
        `p99 ${result.latency.p99} ms, ${result.non2xx} non-2xx, ${result.errors} errors`,
    );
  } finally {
    await server.stop();
  }
}

if (!existsSync(MAIN)) {
  console.error(`${MAIN} is missing; run "npx nx build backend" first`);
  process.exit(1);
}

const folder = mkdtempSync(join(tmpdir(), 'beyondask-bench-'));
try {
  await benchHealth('SQLite', `sqlite:${join(folder, 'bench.sqlite')}`);
  if (process.env.BENCH_MYSQL_URL) {
    await benchHealth('MySQL', process.env.BENCH_MYSQL_URL);
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
