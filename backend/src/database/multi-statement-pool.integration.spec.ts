import { DataSource } from 'typeorm';

import { parseDatabaseUrl } from '../config/database-url';
import { createTestDatabase, TestDatabase, testDialects } from '../testing/test-databases';
import { createTestLogger } from '../testing/test-logger';
import { MultiStatementPool } from './multi-statement-pool';
import { openDatabase } from './open-database';

// The pool exists only for MySQL, so without TEST_MYSQL_URL the suite is skipped.
const describeOnMysql = testDialects().includes('mysql') ? describe : describe.skip;
const insertMarker = (day: number) => ({ sql: 'INSERT INTO rollup_markers (tenant_id, utc_day) VALUES (?, ?)', parameters: ['pool-test', day] });

describeOnMysql('multi-statement pool on MySQL', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let pool: MultiStatementPool;

  const markerDays = async (): Promise<number[]> =>
    (await dataSource.query('SELECT utc_day FROM rollup_markers WHERE tenant_id = ? ORDER BY utc_day', ['pool-test'])).map(
      (row: { utc_day: number }) => Number(row.utc_day),
    );

  beforeAll(async () => {
    database = await createTestDatabase('mysql');
    dataSource = await openDatabase(parseDatabaseUrl(database.url), createTestLogger().logger);
    // One connection, so that every test reuses the connection the one before it left behind.
    pool = new MultiStatementPool(dataSource, 1);
  });

  afterAll(async () => {
    await pool?.end();
    await dataSource?.destroy();
    await database?.drop();
  });

  beforeEach(() => dataSource.query('DELETE FROM rollup_markers'));

  it('commits and returns row counts', async () => {
    const rowCounts = await pool.runInTransaction([
      insertMarker(1),
      { sql: 'INSERT INTO rollup_markers (tenant_id, utc_day) VALUES (?, ?), (?, ?)', parameters: ['pool-test', 2, 'pool-test', 3] },
      { sql: 'DELETE FROM rollup_markers WHERE tenant_id = ? AND utc_day = ?', parameters: ['pool-test', 9] },
    ]);

    expect(rowCounts).toEqual([1, 2, 0]);
    expect(await markerDays()).toEqual([1, 2, 3]);
  });

  it('rolls back on a failing statement', async () => {
    await expect(pool.runInTransaction([insertMarker(4), { sql: 'INSERT INTO no_such_table VALUES (?)', parameters: [1] }])).rejects.toMatchObject({
      code: 'ER_NO_SUCH_TABLE',
    });
    expect(await markerDays()).toEqual([]);

    // The same connection, after the rollback, starts a new transaction of its own.
    await pool.runInTransaction([insertMarker(5)]);
    expect(await markerDays()).toEqual([5]);
  });

  it('escapes text parameters', async () => {
    const tenantId = "'); DELETE FROM rollup_markers; #";
    await pool.runInTransaction([insertMarker(6), { sql: 'INSERT INTO rollup_markers (tenant_id, utc_day) VALUES (?, ?)', parameters: [tenantId, 7] }]);

    expect(await markerDays()).toEqual([6]);
    expect(await dataSource.query('SELECT utc_day FROM rollup_markers WHERE tenant_id = ?', [tenantId])).toHaveLength(1);
  });

  it('kills a transaction that times out', async () => {
    const impatient = new MultiStatementPool(dataSource, 1, 300);
    const blocker = dataSource.createQueryRunner();
    try {
      // The blocker holds the row lock that the pool's insert of the same primary key waits for.
      await blocker.startTransaction();
      await blocker.query('INSERT INTO job_leases (name, holder, expires_at_ms) VALUES (?, ?, ?)', ['pool-timeout', 'blocker', 1]);

      const outcome = impatient
        .runInTransaction([
          insertMarker(8),
          { sql: 'INSERT INTO job_leases (name, holder, expires_at_ms) VALUES (?, ?, ?)', parameters: ['pool-timeout', 'pool', 2] },
        ])
        .catch((error: unknown) => error);

      // Once the lock is free, a transaction that was only abandoned, not killed, would commit.
      await new Promise((settle) => setTimeout(settle, 900));
      await blocker.rollbackTransaction();
      expect(await outcome).toMatchObject({ code: 'PROTOCOL_SEQUENCE_TIMEOUT' });
      await new Promise((settle) => setTimeout(settle, 300));
      expect(await markerDays()).toEqual([]);
      expect(await dataSource.query(`SELECT holder FROM job_leases WHERE name = 'pool-timeout'`)).toEqual([]);
      await impatient.runInTransaction([insertMarker(9)]);
      expect(await markerDays()).toEqual([9]);
    } finally {
      await blocker.release();
      await impatient.end();
    }
  });
});
