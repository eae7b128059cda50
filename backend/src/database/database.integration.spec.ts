import { DataSource, EntityMetadata, TableColumn } from 'typeorm';

import { parseDatabaseUrl } from '../config/database-url';
import { createTestDatabase, TestDatabase, testDialects } from '../testing/test-databases';
import { createTestLogger } from '../testing/test-logger';
import { Tenant } from '../tenants/entities/tenant.entity';
import { MYSQL_MIGRATIONS } from './migrations/mysql';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';
import { openDatabase } from './open-database';

/** Tables whose bigint auto-increment key SQLite can only create as INTEGER. */
const AUTOINCREMENT_TABLES = ['usage_events', 'rollup_markers'];

describe.each(testDialects())('database on %s', (dialect) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const migrations = dialect === 'sqlite' ? SQLITE_MIGRATIONS : MYSQL_MIGRATIONS;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    dataSource = await openDatabase(parseDatabaseUrl(database.url), createTestLogger().logger);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('runs every migration on an empty database', async () => {
    const applied = await dataSource.query('SELECT name FROM migrations ORDER BY id');

    expect(applied.map((row: { name: string }) => row.name)).toEqual(migrations.map((migration) => migration.name));
  });

  it('leaves a schema that matches the entities', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();

    // SQLite allows AUTOINCREMENT only on INTEGER (64 bits there), while the entity declares bigint for
    // MySQL. TypeORM therefore wants to rebuild those tables, and the next test checks them column by column.
    const unexpected = pending.upQueries
      .map((query) => query.query)
      .filter((query) => !(dialect === 'sqlite' && AUTOINCREMENT_TABLES.some((table) => query.includes(table))));
    expect(unexpected).toEqual([]);
  });

  if (dialect === 'sqlite') {
    it.each(AUTOINCREMENT_TABLES)('creates %s as its entity says, but for the key type', async (table) => {
      const columns: Array<{ name: string; type: string }> = await dataSource.query(`PRAGMA table_info('${table}')`);
      const metadata = dataSource.entityMetadatas.find((entity) => entity.tableName === table) as EntityMetadata;
      const key = metadata.primaryColumns[0].databaseName;

      expect(columns.map((column) => column.name)).toEqual(metadata.columns.map((column) => column.databaseName));
      for (const column of metadata.columns) {
        const actual = columns.find((candidate) => candidate.name === column.databaseName)?.type.toLowerCase();
        const expected = column.databaseName === key ? 'integer' : dataSource.driver.createFullType(new TableColumn({
          name: column.databaseName,
          type: dataSource.driver.normalizeType(column),
          length: column.length,
        }));
        expect({ column: column.databaseName, type: actual }).toEqual({ column: column.databaseName, type: expected });
      }
    });
  }

  it('applies nothing when opened again', async () => {
    const { logger, entries } = createTestLogger();

    const reopened = await openDatabase(parseDatabaseUrl(database.url), logger);
    await reopened.destroy();

    expect(entries.find((entry) => entry.msg === 'Database schema is up to date')?.applied).toBe(0);
  });

  it('reads a BIGINT above 2^31 back as the same number', async () => {
    const quota = 2 ** 31 * 3 + 7;
    const saved = await dataSource.getRepository(Tenant).save(dataSource.getRepository(Tenant).create({ name: 'Large quota', storageQuotaBytes: quota }));

    const loaded = await dataSource.getRepository(Tenant).findOneByOrFail({ id: saved.id });

    expect(typeof loaded.storageQuotaBytes).toBe('number');
    expect(loaded.storageQuotaBytes).toBe(quota);
  });

  it('returns SUM over BIGINT as a number', async () => {
    await dataSource.getRepository(Tenant).save(dataSource.getRepository(Tenant).create({ name: 'Second', storageQuotaBytes: 2 ** 40 }));

    const [row] = await dataSource.query('SELECT SUM(storage_quota_bytes) AS total FROM tenants');

    expect(typeof row.total).toBe('number');
    expect(row.total).toBe(2 ** 31 * 3 + 7 + 2 ** 40);
  });

  it('rejects a BIGINT beyond the safe integer range instead of rounding it', async () => {
    await dataSource.query(`INSERT INTO tenants (id, name, storage_quota_bytes) VALUES ('unsafe', 'Unsafe', 9007199254740993)`);

    await expect(dataSource.getRepository(Tenant).findOneByOrFail({ id: 'unsafe' })).rejects.toThrow(
      'outside the safe integer range',
    );
  });

  it('applies the tenant defaults of the schema', async () => {
    await dataSource.query(`INSERT INTO tenants (id, name) VALUES ('defaults', 'Defaults')`);

    const tenant = await dataSource.getRepository(Tenant).findOneByOrFail({ id: 'defaults' });

    expect(tenant.timezone).toBe('UTC');
    expect(tenant.storageQuotaBytes).toBe(1_000_000_000);
    expect(tenant.createdAt).toBeInstanceOf(Date);
  });
});

describe('openDatabase', () => {
  it('fails with the driver error when the server does not answer', async () => {
    const target = parseDatabaseUrl('mysql://root@127.0.0.1:1/none');

    await expect(openDatabase(target, createTestLogger().logger)).rejects.toThrow(/ECONNREFUSED/);
  });

  if (testDialects().includes('mysql')) {
    it('lets two instances that start together migrate one at a time', async () => {
      const database = await createTestDatabase('mysql');
      try {
        const target = parseDatabaseUrl(database.url);
        const [first, second] = await Promise.all([
          openDatabase(target, createTestLogger().logger),
          openDatabase(target, createTestLogger().logger),
        ]);
        const applied = await first.query('SELECT COUNT(*) AS count FROM migrations');
        await Promise.all([first.destroy(), second.destroy()]);

        expect(Number(applied[0].count)).toBe(MYSQL_MIGRATIONS.length);
      } finally {
        await database.drop();
      }
    });
  }
});
