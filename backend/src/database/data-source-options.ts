import { DataSourceOptions, MigrationInterface } from 'typeorm';

import { DatabaseTarget } from '../config/database-url';
import { ENTITIES } from './entities';
import { MYSQL_MIGRATIONS } from './migrations/mysql';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';

type MigrationClass = new () => MigrationInterface;

/** The server behind a mysql:// URL, as reported by SELECT VERSION(). */
export type MysqlServer = 'mysql' | 'mariadb';

/** Milliseconds a SQLite writer waits for a lock before failing with SQLITE_BUSY. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * Builds the TypeORM options for one database. The schema comes only from the migrations of the
 * dialect; `synchronize` stays off.
 */
export function buildDataSourceOptions(target: DatabaseTarget, server: MysqlServer = 'mysql'): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'migrations',
    logging: false,
  } as const;

  if (target.dialect === 'sqlite') {
    return {
      ...common,
      type: 'better-sqlite3',
      database: target.path,
      migrations: SQLITE_MIGRATIONS as MigrationClass[],
      enableWAL: target.path !== ':memory:',
      timeout: SQLITE_BUSY_TIMEOUT_MS,
      prepareDatabase: (db: { pragma(statement: string): unknown }) => {
        db.pragma('foreign_keys = ON');
      },
    };
  }

  return {
    ...common,
    // TypeORM reads MariaDB's information_schema differently (column defaults, generated columns).
    type: server,
    host: target.host,
    port: target.port,
    username: target.username,
    password: target.password,
    database: target.database,
    migrations: MYSQL_MIGRATIONS as MigrationClass[],
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    // Safe integers come back as numbers; larger ones as strings, which bigintTransformer rejects.
    supportBigNumbers: true,
    bigNumberStrings: false,
    connectTimeout: 10000,
    // SUM() over BIGINT is DECIMAL in MySQL; decimalNumbers returns it as a number.
    extra: { decimalNumbers: true, connectionLimit: 16 },
  };
}
