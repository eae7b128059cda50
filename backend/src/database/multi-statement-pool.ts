import { Logger } from '@nestjs/common';
import { createPool, Pool, PoolConnection, ResultSetHeader } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import type { MysqlDataSourceOptions } from 'typeorm/driver/mysql/MysqlDataSourceOptions';

import { Statement } from './sql';

/**
 * A small MySQL pool whose connections accept several statements in one query, so that a whole
 * transaction costs one round trip. It is kept apart from TypeORM's pool, where a query built by
 * mistake from untrusted text could otherwise carry a second statement.
 */
export class MultiStatementPool {
  private readonly logger = new Logger(MultiStatementPool.name);
  private readonly pool: Pool;

  constructor(dataSource: DataSource, connectionLimit: number) {
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
   */
  async runInTransaction(statements: Statement[]): Promise<number[]> {
    const connection = await this.pool.getConnection();
    const sql = ['START TRANSACTION', ...statements.map((statement) => statement.sql), 'COMMIT'].join(';\n');
    const parameters = statements.flatMap((statement) => statement.parameters);
    try {
      const [results] = await connection.query<ResultSetHeader[]>(sql, parameters);
      connection.release();
      return results.slice(1, -1).map((result) => result.affectedRows);
    } catch (error) {
      await this.rollBack(connection);
      throw error;
    }
  }

  end(): Promise<void> {
    return this.pool.end();
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
