import { DataSource } from 'typeorm';

import { parseDatabaseUrl } from '../../config/database-url';
import { createTestDatabase, TestDatabase, testDialects } from '../../testing/test-databases';
import { createTestLogger } from '../../testing/test-logger';
import { openDatabase } from '../open-database';

const TENANT = '00000000-0000-4000-8000-000000000001';
const DAY_MS = 86_400_000;

describe.each(testDialects())('storage versions migration on %s', (dialect) => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    dataSource = await openDatabase(parseDatabaseUrl(database.url), createTestLogger().logger);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('fills versions from events and objects', async () => {
    // The migrations after it go first, and come back with it.
    const transaction = dialect === 'sqlite' ? 'each' : 'none';
    const startedAtMs = Date.now() - 1;
    await dataSource.undoLastMigration({ transaction });
    await dataSource.undoLastMigration({ transaction });
    const day = 20_400;
    const event = (eventId: string, type: string, atMs: number, objectId: string, kind: string | null, bytes: number | null) => [
      TENANT, eventId, type, atMs, atMs, 0, objectId, kind, bytes,
    ];
    await dataSource.query(
      `INSERT INTO usage_events (tenant_id, event_id, type, occurred_at_ms, received_at_ms, quantity, object_id, storage_kind, bytes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        ...event('put-a', 'storage_put', day * DAY_MS + 1000, 'a', 'text', 300),
        ...event('delete-a', 'storage_delete', (day + 2) * DAY_MS, 'a', null, null),
        ...event('put-b', 'storage_put', (day + 2) * DAY_MS + 5, 'b', 'media', 70),
      ],
    );
    // Object c's events are pruned already: only its current state is left.
    await dataSource.query(
      `INSERT INTO storage_objects (tenant_id, object_id, kind, bytes, deleted, version_key) VALUES
       (?, 'a', 'other', 0, 1, ?), (?, 'b', 'media', 70, 0, ?), (?, 'c', 'other', 9, 0, ?)`,
      [TENANT, `${String((day + 2) * DAY_MS).padStart(15, '0')}:delete-a`, TENANT, `${String((day + 2) * DAY_MS + 5).padStart(15, '0')}:put-b`, TENANT, `${String((day - 90) * DAY_MS).padStart(15, '0')}:put-c`],
    );

    expect(await dataSource.runMigrations({ transaction })).toHaveLength(2);

    const versions = await dataSource.query('SELECT object_id, version_key, occurred_at_ms, kind, bytes, deleted FROM storage_versions ORDER BY object_id, version_key');
    expect(versions.map((row: Record<string, unknown>) => [row.object_id, row.version_key, Number(row.occurred_at_ms), row.kind, Number(row.bytes), Number(row.deleted)])).toEqual([
      ['a', `${String(day * DAY_MS + 1000).padStart(15, '0')}:put-a`, day * DAY_MS + 1000, 'text', 300, 0],
      ['a', `${String((day + 2) * DAY_MS).padStart(15, '0')}:delete-a`, (day + 2) * DAY_MS, 'other', 0, 1],
      ['b', `${String((day + 2) * DAY_MS + 5).padStart(15, '0')}:put-b`, (day + 2) * DAY_MS + 5, 'media', 70, 0],
      ['c', `${String((day - 90) * DAY_MS).padStart(15, '0')}:put-c`, (day - 90) * DAY_MS, 'other', 9, 0],
    ]);

    // Days before the upgrade are not rebuilt, so none is marked.
    const markers = await dataSource.query('SELECT utc_day FROM rollup_markers WHERE tenant_id = ?', [TENANT]);
    expect(markers).toEqual([]);

    // Object c's history before its current state is lost, so storage history starts now.
    const [state] = await dataSource.query(`SELECT value FROM rollup_state WHERE name = 'storage_history_from'`);
    expect(Number(state.value)).toBeGreaterThan(startedAtMs);
    expect(Number(state.value)).toBeLessThanOrEqual(Date.now());
  });
});
