import 'reflect-metadata';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Logger } from 'pino';

import { createApplication } from './app.setup';
import { parseDatabaseUrl, redactUrlPassword } from './config/database-url';
import { ConfigurationError, Environment, validateEnvironment } from './config/environment';
import { openDatabase } from './database/open-database';
import { DemoDataService } from './demo/demo-data.service';
import { formatDemoReport } from './demo/demo-report';
import { PlatformAdminBootstrap } from './users/platform-admin.bootstrap';
import { createLogger } from './logging/create-logger';

/** Output folder of the dashboard build, relative to dist/backend/main.js. */
const FRONTEND_DIR = join(__dirname, '..', 'frontend', 'browser');

/** Prints one line and exits with code 1; used before the server runs, where a stack trace only hides the cause. */
function exitWithError(message: string): never {
  process.stderr.write(`BeyondAsk cannot start: ${message}\n`);
  process.exit(1);
}

function loadEnvironment(): Environment {
  try {
    return validateEnvironment(process.env);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      exitWithError(error.message);
    }
    throw error;
  }
}

/**
 * Closes the app (HTTP server, scheduled jobs, database pool) on SIGTERM or SIGINT, then exits with
 * code 0 once the last log line is written.
 */
function stopOnSignals(app: INestApplication, logger: Logger): void {
  const stop = async (signal: NodeJS.Signals) => {
    logger.info({ signal }, `Stopping on ${signal}`);
    try {
      await app.close();
      logger.info('Stopped');
    } catch (error) {
      logger.error({ err: error }, 'Failed to stop cleanly');
      process.exitCode = 1;
    }
    logger.flush(() => process.exit());
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}

/**
 * Creates the demo data on an empty database through the server's own ingestion API, then prints
 * the dashboard URL and the demo logins. A failure is logged and the server keeps running.
 */
async function createDemoData(app: INestApplication, environment: Environment, logger: Logger): Promise<void> {
  try {
    const result = await app.get(DemoDataService).seedIfEmpty(`http://127.0.0.1:${environment.PORT}`);
    if (!result) {
      return;
    }

    const dashboardUrl = `http://localhost:${environment.PORT}/`;
    const logins = result.tenants.flatMap(({ profile }) => [profile.adminEmail, profile.memberEmail]);
    logger.info({ url: dashboardUrl, logins }, 'Demo data is ready; the demo logins and their passwords follow on standard output');
    // The pretty log lines of development are written by a worker thread, so let them go first.
    await new Promise<void>((flushed) => logger.flush(() => flushed()));
    const generatedPassword = app.get(PlatformAdminBootstrap).generatedPassword;
    process.stdout.write(formatDemoReport(result, dashboardUrl, environment.ADMIN_EMAIL, generatedPassword));
  } catch (error) {
    logger.error(
      { err: error },
      'Failed to create the demo data; stop the server, delete ./data/ (or the database of DATABASE_URL) and start again',
    );
  }
}

async function bootstrap(): Promise<void> {
  const environment = loadEnvironment();
  const logger = createLogger(environment);
  const databaseUrl = redactUrlPassword(environment.DATABASE_URL);

  const dataSource = await openDatabase(parseDatabaseUrl(environment.DATABASE_URL), logger).catch((error: Error) =>
    exitWithError(`failed to open the database ${databaseUrl}: ${error.message}`),
  );

  const app = await createApplication({ environment, dataSource, logger, frontendDir: FRONTEND_DIR });
  stopOnSignals(app, logger);

  await app.listen(environment.PORT, environment.HOST).catch((error: Error) =>
    exitWithError(`failed to listen on port ${environment.PORT}: ${error.message}`),
  );
  // A server on all interfaces is reached locally as localhost, and one on a single address only at it.
  const host = ['0.0.0.0', '::'].includes(environment.HOST) ? 'localhost' : environment.HOST.includes(':') ? `[${environment.HOST}]` : environment.HOST;
  logger.info(
    { port: environment.PORT, database: databaseUrl },
    `BeyondAsk usage metrics is running at http://${host}:${environment.PORT}/ (API docs at /api/docs)`,
  );

  if (environment.DEMO_DATA) {
    await createDemoData(app, environment, logger);
  }
}

void bootstrap();
