import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, QueryResult } from 'typeorm';

import { isUniqueViolation } from '../database/unique-violation';

/**
 * Leases in the job_leases table: the holder of an unexpired lease runs the job, on whichever API
 * instance it is. Expiry covers an instance that dies while holding one.
 */
@Injectable()
export class JobLeaseService {
  private readonly logger = new Logger(JobLeaseService.name);
  /** Identifies this process as a lease holder. */
  readonly holder = randomUUID();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Takes the lease for `ttlMs` when it is free, expired or already ours; returns whether it did. */
  async acquire(name: string, ttlMs: number): Promise<boolean> {
    const nowMs = Date.now();
    try {
      await this.dataSource.query('INSERT INTO job_leases (name, holder, expires_at_ms) VALUES (?, ?, ?)', [
        name,
        this.holder,
        nowMs + ttlMs,
      ]);
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }

    const runner = this.dataSource.createQueryRunner();
    try {
      const result = (await runner.query(
        'UPDATE job_leases SET holder = ?, expires_at_ms = ? WHERE name = ? AND (expires_at_ms < ? OR holder = ?)',
        [this.holder, nowMs + ttlMs, name, nowMs, this.holder],
        true,
      )) as QueryResult;
      return (result.affected ?? 0) > 0;
    } finally {
      await runner.release();
    }
  }

  async release(name: string): Promise<void> {
    await this.dataSource
      .query('UPDATE job_leases SET expires_at_ms = 0 WHERE name = ? AND holder = ?', [name, this.holder])
      .catch((error: Error) => this.logger.error({ err: error, lease: name }, 'Failed to release a lease; it expires by itself'));
  }
}
