import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

import { parseDatabaseUrl } from '../config/database-url';

/** A database that exists only for one test suite. */
export interface TestDatabase {
  dialect: 'sqlite' | 'mysql';
  url: string;
  drop(): Promise<void>;
}

/** Lists the dialects a database suite runs against: SQLite always, MySQL/MariaDB when TEST_MYSQL_URL is set. */
export function testDialects(): Array<'sqlite' | 'mysql'> {
  return process.env.TEST_MYSQL_URL ? ['sqlite', 'mysql'] : ['sqlite'];
}

/**
 * Creates an empty database: a SQLite file in a temporary folder, or a new database named
 * `beyondask_test_<random>` on the server of TEST_MYSQL_URL.
 */
export async function createTestDatabase(dialect: 'sqlite' | 'mysql'): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const folder = mkdtempSync(join(tmpdir(), 'beyondask-test-'));
    return {
      dialect,
      url: `sqlite:${join(folder, 'test.sqlite')}`,
      drop: async () => rmSync(folder, { recursive: true, force: true }),
    };
  }

  const serverUrl = process.env.TEST_MYSQL_URL;
  if (!serverUrl) {
    throw new Error('TEST_MYSQL_URL is not set; set it to mysql://root@127.0.0.1:3306/test to run MySQL suites');
  }
  const server = parseDatabaseUrl(serverUrl);
  if (server.dialect !== 'mysql') {
    throw new Error(`TEST_MYSQL_URL must be a mysql:// URL, got ${server.dialect}`);
  }

  const name = `beyondask_test_${randomBytes(6).toString('hex')}`;
  const admin = async <T>(work: (connection: Awaited<ReturnType<typeof createConnection>>) => Promise<T>) => {
    const connection = await createConnection({
      host: server.host,
      port: server.port,
      user: server.username,
      password: server.password,
    });
    try {
      return await work(connection);
    } finally {
      await connection.end();
    }
  };

  await admin((connection) => connection.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`));
  const credentials = server.password ? `${server.username}:${encodeURIComponent(server.password)}` : server.username;

  return {
    dialect,
    url: `mysql://${credentials}@${server.host}:${server.port}/${name}`,
    drop: () => admin((connection) => connection.query(`DROP DATABASE IF EXISTS ${name}`)).then(() => undefined),
  };
}
