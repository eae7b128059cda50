import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { createTestDatabase, testDialects } from './testing/test-databases';

// These tests start the built server the way `npm run start:api` does; the Nx test target builds it first.
const MAIN = resolve(process.cwd(), 'dist/backend/main.js');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function startServer(variables: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<Exit> } {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'info', ...variables },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<Exit>((resolveExit) =>
    child.on('exit', (code) => resolveExit({ code, stdout, stderr })),
  );
  return { child, output: () => stdout, exited };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as { port: number };
  await new Promise((closed) => server.close(closed));
  return port;
}

async function waitForHealth(port: number): Promise<{ status: number; body: { status: string } }> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      return { status: response.status, body: (await response.json()) as { status: string } };
    } catch {
      await new Promise((retry) => setTimeout(retry, 200));
    }
  }
  throw new Error(`the server did not answer on port ${port} within 30 s`);
}

async function waitForOutput(output: () => string, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!output().includes(text)) {
    if (Date.now() > deadline) {
      throw new Error(`the server did not print "${text}" within ${timeoutMs / 1000} s; output so far:\n${output().slice(-2000)}`);
    }
    await new Promise((retry) => setTimeout(retry, 200));
  }
}

describe('server process', () => {
  let dataFolder: string;

  beforeAll(() => {
    if (!existsSync(MAIN)) {
      throw new Error(`${MAIN} is missing; run "npx nx build backend" first`);
    }
    dataFolder = mkdtempSync(join(tmpdir(), 'beyondask-main-'));
  });

  afterAll(() => rmSync(dataFolder, { recursive: true, force: true }));

  it.each([
    ['PORT', { PORT: 'eighty' }, /^BeyondAsk cannot start: Invalid configuration: PORT must be an integer TCP port/],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://db/beyondask' }, /^BeyondAsk cannot start: Invalid configuration: DATABASE_URL must start with "sqlite:" or "mysql:\/\/"/],
    ['unreachable MySQL', { DATABASE_URL: 'mysql://root:pw@127.0.0.1:1/none' }, /^BeyondAsk cannot start: failed to open the database mysql:\/\/root:\*\*\*@127\.0\.0\.1:1\/none: .*ECONNREFUSED/],
  ])('exits 1 with one line for a bad %s', async (_case, variables, expected) => {
    const { exited } = startServer({ DATABASE_URL: `sqlite:${join(dataFolder, 'bad.sqlite')}`, ...variables });

    const { code, stderr } = await exited;

    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(expected);
    expect(stderr).not.toContain('pw@');
  });

  it('exits 1 with one line when the port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((listening) => blocker.listen(0, listening));
    const { port } = blocker.address() as { port: number };

    const { exited } = startServer({ PORT: String(port), DATABASE_URL: `sqlite:${join(dataFolder, 'busy.sqlite')}` });
    const { code, stderr } = await exited;
    blocker.close();

    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`failed to listen on port ${port}`);
  });

  it('creates the demo data once with DEMO_DATA=true', async () => {
    const databaseUrl = `sqlite:${join(dataFolder, 'demo.sqlite')}`;
    const port = await freePort();

    const first = startServer({ PORT: String(port), DATABASE_URL: databaseUrl, DEMO_DATA: 'true' });
    try {
      await waitForOutput(first.output, 'To start again from scratch', 90_000);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
    const second = startServer({ PORT: String(port), DATABASE_URL: databaseUrl, DEMO_DATA: 'true' });
    try {
      await waitForOutput(second.output, 'Skipped the demo data because the database has tenants', 30_000);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }

    expect(first.output()).toMatch(/Demo data is ready: [\d,]+ events in [\d.]+ s\./);
    expect(first.output()).toContain(`Open http://localhost:${port}/ and sign in`);
    expect(first.output()).toMatch(/tenant admin +admin@spreewald-software\.example +demo-admin-123/);
    expect(first.output()).toMatch(/member +member@ganga-learning\.example +demo-member-123/);
    expect(second.output()).not.toContain('Demo data is ready');
  }, 150_000);

  it.each(testDialects())('serves health on %s and stops on SIGTERM', async (dialect) => {
    const database = await createTestDatabase(dialect);
    const port = await freePort();
    const { child, output, exited } = startServer({ PORT: String(port), DATABASE_URL: database.url });

    try {
      const health = await waitForHealth(port);

      expect(health.status).toBe(200);
      expect(health.body.status).toBe('ok');
      expect(output()).toContain(`running at http://localhost:${port}/`);
    } finally {
      child.kill('SIGTERM');
      const { code } = await exited;
      await database.drop();

      expect(code).toBe(0);
      expect(output()).toContain('Stopping on SIGTERM');
      expect(output()).toContain('"msg":"Stopped"');
    }
  });

  it('names the address it listens on', async () => {
    const database = await createTestDatabase('sqlite');
    const port = await freePort();
    const { child, output, exited } = startServer({ PORT: String(port), DATABASE_URL: database.url, HOST: '127.0.0.1' });

    try {
      await waitForHealth(port);
      // The line is logged after listen() resolves, so it can trail the first health response a little.
      for (let wait = 0; wait < 20 && !output().includes('running at'); wait++) await new Promise((retry) => setTimeout(retry, 100));

      expect(output()).toContain(`running at http://127.0.0.1:${port}/`);
    } finally {
      child.kill('SIGTERM');
      await exited;
      await database.drop();
    }
  });
});
