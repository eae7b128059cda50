import { QueryFailedError } from 'typeorm';

/** Tells whether a failed query broke a unique index, on SQLite (better-sqlite3) or MySQL/MariaDB (mysql2). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) {
    return false;
  }
  const driverError = error.driverError as { code?: string; errno?: number };
  return (
    driverError.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    driverError.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    driverError.code === 'ER_DUP_ENTRY'
  );
}
