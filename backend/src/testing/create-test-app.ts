import { INestApplication } from '@nestjs/common';

import { createApplication } from '../app.setup';
import { parseDatabaseUrl } from '../config/database-url';
import { validateEnvironment } from '../config/environment';
import { openDatabase } from '../database/open-database';
import { createTestLogger } from './test-logger';

// NOTE: nestjs-pino 5 builds one pino-http instance per process and reuses it for every later app,
// so all apps of a test file share this logger and its entries.
const sharedLog = createTestLogger();

export interface TestApp {
  app: INestApplication;
  logEntries: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Environment variables on top of the defaults. */
  variables?: Record<string, string>;
  /** Folder served as the dashboard; none by default. */
  frontendDir?: string;
}

/**
 * Starts the whole application in the test process against `databaseUrl`, built exactly as
 * main.ts builds it, and records its log entries.
 */
export async function createTestApp(databaseUrl: string, options: TestAppOptions = {}): Promise<TestApp> {
  // The rollup schedule is off so that tests decide when it runs.
  const environment = validateEnvironment({ NODE_ENV: 'test', ROLLUP_CRON: 'off', ...options.variables, DATABASE_URL: databaseUrl });
  const { logger, entries } = sharedLog;
  const dataSource = await openDatabase(parseDatabaseUrl(databaseUrl), logger);

  const app = await createApplication({
    environment,
    dataSource,
    logger,
    frontendDir: options.frontendDir ?? '/nonexistent',
  });
  await app.init();
  // Fastify finishes registering plugins and routes in ready(); supertest needs them.
  await app.getHttpAdapter().getInstance().ready();

  return { app, logEntries: entries, close: () => app.close() };
}
