import { DataSource, EntityManager } from 'typeorm';

/** One SQL statement with its `?` parameters. */
export interface Statement {
  sql: string;
  parameters: unknown[];
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
