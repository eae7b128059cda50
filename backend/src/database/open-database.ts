import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';

import { DatabaseTarget, SQLITE_IN_MEMORY } from '../config/database-url';
import { createConnection } from 'mysql2/promise';

import { buildDataSourceOptions, MysqlServer } from './data-source-options';

/** Name of the MySQL advisory lock that lets one starting instance migrate at a time. */
const MIGRATION_LOCK = 'beyondask_migrations';
const MIGRATION_LOCK_TIMEOUT_SECONDS = 120;

/**
 * Connects to the database and applies the pending migrations of its dialect.
 * On MySQL an advisory lock keeps two instances that start together from migrating at once.
 */
export async function openDatabase(target: DatabaseTarget, logger: Logger): Promise<DataSource> {
  if (target.dialect === 'sqlite' && target.path !== SQLITE_IN_MEMORY) {
    mkdirSync(dirname(target.path), { recursive: true });
  }

  const server = target.dialect === 'mysql' ? await detectMysqlServer(target) : undefined;
  const dataSource = new DataSource(buildDataSourceOptions(target, server));
  await dataSource.initialize();

  try {
    await runMigrations(dataSource, target, logger);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }

  return dataSource;
}

/** Asks the server behind a mysql:// URL whether it is MySQL or MariaDB. */
async function detectMysqlServer(target: Extract<DatabaseTarget, { dialect: 'mysql' }>): Promise<MysqlServer> {
  const connection = await createConnection({
    host: target.host,
    port: target.port,
    user: target.username,
    password: target.password,
    database: target.database,
    connectTimeout: 10000,
  });
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    const [{ version }] = rows as Array<{ version: string }>;
    return /mariadb/i.test(version) ? 'mariadb' : 'mysql';
  } finally {
    await connection.end();
  }
}

async function runMigrations(dataSource: DataSource, target: DatabaseTarget, logger: Logger): Promise<void> {
  if (target.dialect === 'sqlite') {
    logMigrations(await dataSource.runMigrations({ transaction: 'each' }), logger);
    return;
  }

  const lockRunner = dataSource.createQueryRunner();
  try {
    const [row] = await lockRunner.query('SELECT GET_LOCK(?, ?) AS acquired', [
      MIGRATION_LOCK,
      MIGRATION_LOCK_TIMEOUT_SECONDS,
    ]);
    if (Number(row.acquired) !== 1) {
      throw new Error(`timed out after ${MIGRATION_LOCK_TIMEOUT_SECONDS} s waiting for another instance to migrate`);
    }
    // MySQL commits DDL implicitly, so a transaction per migration would not make it atomic.
    logMigrations(await dataSource.runMigrations({ transaction: 'none' }), logger);
  } finally {
    await lockRunner.query('SELECT RELEASE_LOCK(?)', [MIGRATION_LOCK]).catch((error: Error) => {
      // The lock also ends when its connection closes, so a failed release only delays other starts.
      logger.warn({ err: error, lock: MIGRATION_LOCK }, 'Failed to release the migration lock');
    });
    await lockRunner.release();
  }
}

function logMigrations(applied: { name: string }[], logger: Logger): void {
  for (const migration of applied) {
    logger.info({ migration: migration.name }, 'Applied migration');
  }
  logger.info({ applied: applied.length }, 'Database schema is up to date');
}
