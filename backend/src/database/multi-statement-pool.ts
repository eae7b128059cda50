import { Logger } from '@nestjs/common';
import { createPool, Pool, PoolConnection, ResultSetHeader } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import type { MysqlDataSourceOptions } from 'typeorm/driver/mysql/MysqlDataSourceOptions';

import { Statement } from './sql';

/**
 * How long one transaction may take. A flush normally takes milliseconds, so one that runs this long
 * waits on a lock or on a server in trouble, and its callers get an error to resend instead of a hang.
 */
export const DEFAULT_QUERY_TIMEOUT_MS = 30_000;

/**
 * A small MySQL pool whose connections accept several statements in one query, so that a whole
 * transaction costs one round trip. It is kept apart from TypeORM's pool, where a query built by
 * mistake from untrusted text could otherwise carry a second statement.
 */
export class MultiStatementPool {
  private readonly logger = new Logger(MultiStatementPool.name);
  private readonly pool: Pool;

  constructor(
    private readonly dataSource: DataSource,
    connectionLimit: number,
    private readonly queryTimeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
  ) {
    const options = dataSource.options as MysqlDataSourceOptions;
    this.pool = createPool({
      host: options.host,
      port: options.port,
      user: options.username,
      password: options.password,
      database: options.database,
      charset: options.charset,
      timezone: options.timezone,
      connectTimeout: options.connectTimeout,
      connectionLimit,
      multipleStatements: true,
    });
    // mysql2 escapes quotes in parameters with backslashes. Under NO_BACKSLASH_ESCAPES a quote in an
    // event id would end its string, and with several statements allowed, start a statement.
    this.pool.pool.on('connection', (connection) => {
      connection.query("SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'NO_BACKSLASH_ESCAPES', '')", (error) => {
        if (error) {
          this.logger.error({ err: { code: error.code, message: error.message } }, 'Failed to clear NO_BACKSLASH_ESCAPES; closing the connection');
          connection.destroy();
        }
      });
    });
  }

  /**
   * Runs the statements in one transaction with one round trip and returns each one's row count.
   * When one fails, MySQL skips the rest, so the transaction is rolled back and the error rethrown.
   * After `queryTimeoutMs` the server connection is killed, which rolls back what has not been
   * committed, and the timeout error is rethrown.
   */
  async runInTransaction(statements: Statement[]): Promise<number[]> {
    const connection = await this.pool.getConnection();
    const sql = ['START TRANSACTION', ...statements.map((statement) => statement.sql), 'COMMIT'].join(';\n');
    const parameters = statements.flatMap((statement) => statement.parameters);
    try {
      const [results] = await connection.query<ResultSetHeader[]>({ sql, timeout: this.queryTimeoutMs }, parameters);
      connection.release();
      return results.slice(1, -1).map((result) => result.affectedRows);
    } catch (error) {
      if ((error as { code?: string }).code === 'PROTOCOL_SEQUENCE_TIMEOUT') {
        await this.kill(connection);
      } else {
        await this.rollBack(connection);
      }
      throw error;
    }
  }

  end(): Promise<void> {
    return this.pool.end();
  }

  /** Ends a connection whose query is still running: mysql2's timeout only stops waiting for it. */
  private async kill(connection: PoolConnection): Promise<void> {
    const threadId = connection.threadId;
    this.logger.warn({ threadId, timeoutMs: this.queryTimeoutMs }, 'Killing a write connection whose transaction timed out');
    try {
      // Through TypeORM's pool, because this pool's connections may all be taken.
      await this.dataSource.query(`KILL CONNECTION ${Number(threadId)}`);
    } catch (error) {
      this.logger.error({ err: { code: (error as { code?: string }).code, message: (error as Error).message }, threadId }, 'Failed to kill a timed-out write connection');
    }
    connection.destroy();
  }

  private async rollBack(connection: PoolConnection): Promise<void> {
    try {
      await connection.query('ROLLBACK');
      connection.release();
    } catch (error) {
      // A connection that cannot roll back may still hold the transaction, and closing it ends it.
      this.logger.warn({ err: { code: (error as { code?: string }).code, message: (error as Error).message } }, 'Closed a connection whose rollback failed');
      connection.destroy();
    }
  }
}
