import { DataSource, EntityManager } from 'typeorm';

/** One SQL statement with its `?` parameters. */
export interface Statement {
  sql: string;
  parameters: unknown[];
}

/**
 * One row of a combined read: SELECTs of the columns (source, name, detail, value) joined with UNION
 * ALL. A single statement reads one snapshot on both dialects, so every SELECT reads the same data.
 * `source` names the SELECT of each row. `detail` and `value` come back as numbers or strings,
 * depending on the driver.
 */
export interface UnionRow {
  source: string;
  name: string;
  detail: string | number | null;
  value: string | number | null;
}

/** Splits rows into groups of at most `size`, one group per statement. */
export function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

/** Returns `?, ?, ?` for an IN list of `count` values. */
export function listPlaceholders(count: number): string {
  return Array(count).fill('?').join(', ');
}

/** Returns `(?, ?), (?, ?)` for a multi-row VALUES clause of `rows` rows with `columns` columns. */
export function rowPlaceholders(rows: number, columns: number): string {
  return Array(rows).fill(`(${listPlaceholders(columns)})`).join(', ');
}

/** Tells whether the data source, or the one behind an entity manager, is the embedded SQLite. */
export function isSqlite(database: DataSource | EntityManager): boolean {
  const dataSource = database instanceof DataSource ? database : database.connection;
  return dataSource.options.type === 'better-sqlite3';
}

/**
 * Returns the INSERT that skips rows breaking a unique key instead of failing, so the statement's
 * row count is the number of new rows and nothing has to be rolled back.
 */
export function insertIgnoringDuplicates(database: DataSource | EntityManager): string {
  return isSqlite(database) ? 'INSERT OR IGNORE INTO' : 'INSERT IGNORE INTO';
}

const sqliteTransactions = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Runs a transaction on SQLite only after the ones before it have finished. TypeORM has one
 * connection for SQLite and turns a transaction begun inside another into a savepoint, so a
 * rollback of the outer one would also undo writes that the inner one reported as done.
 */
export function oneAtATimeOnSqlite<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  if (!isSqlite(dataSource)) return work();
  const previous = sqliteTransactions.get(dataSource) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  sqliteTransactions.set(dataSource, next);
  return next;
}
