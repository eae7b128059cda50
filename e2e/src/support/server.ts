import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MAIN = resolve(__dirname, '../../../dist/backend/main.js');
const DASHBOARD = resolve(__dirname, '../../../dist/frontend/browser/index.html');

/** The built server, started on a free port with its own SQLite database. */
export interface RunningServer {
  baseUrl: string;
  stop(): Promise<void>;
}

async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as { port: number };
  await new Promise((closed) => server.close(closed));
  return port;
}

export async function startServer(variables: Record<string, string> = {}): Promise<RunningServer> {
  for (const file of [MAIN, DASHBOARD]) {
    if (!existsSync(file)) {
      throw new Error(`${file} is missing; run "npm run build" first`);
    }
  }

  const dataFolder = mkdtempSync(join(tmpdir(), 'beyondask-e2e-'));
  const port = await findFreePort();
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      // A fixed password keeps the generated one out of the test output.
      ADMIN_PASSWORD: 'e2e-admin-password',
      DATABASE_URL: `sqlite:${join(dataFolder, 'e2e.sqlite')}`,
      ...variables,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await fetch(`${baseUrl}/api/health`);
      break;
    } catch {
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill();
        throw new Error(`the server did not start on port ${port}`);
      }
      await new Promise((retry) => setTimeout(retry, 200));
    }
  }

  return {
    baseUrl,
    stop: async () => {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataFolder, { recursive: true, force: true });
    },
  };
}
