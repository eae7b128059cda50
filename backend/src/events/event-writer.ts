import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryResult, QueryRunner } from 'typeorm';

import { MultiStatementPool } from '../database/multi-statement-pool';
import { isSqlite, oneAtATimeOnSqlite, Statement } from '../database/sql';
import { UsageChanges } from '../usage/usage-changes.service';
import { Dialect, planFlush, RequestEvents } from './event-statements';
import { AcceptedEvent } from './validation/event-validator';

/** Most events written in one transaction; more wait for the next one. */
const MAX_EVENTS_PER_FLUSH = 5000;
/**
 * Attempts of a flush that fails on a lock conflict. Concurrent writes of the same new event ids
 * deadlock on the unique index, and InnoDB rolls back one of them each time, so 8 attempts leave
 * room for each of the 8 flushes in flight to lose once.
 */
const MAX_ATTEMPTS = 8;

interface PendingWrite {
  tenantId: string;
  events: AcceptedEvent[];
  resolve(accepted: number): void;
  reject(error: unknown): void;
}

/** Returns the driver's error code, which mysql2 errors carry and TypeORM's keep in driverError. */
function errorCode(error: unknown): string | undefined {
  const { code, driverError } = error as { code?: string; driverError?: { code?: string } };
  return driverError?.code ?? code;
}

function isRetryable(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || code === 'SQLITE_BUSY';
}

/** Returns the loggable part of a failed write's error, because driver errors also carry the SQL with its values. */
function describeError(error: unknown): { code?: string; message: string } {
  return { code: errorCode(error), message: error instanceof Error ? error.message : String(error) };
}

/**
 * Writes accepted events durably, coalescing concurrent requests: while the transactions in flight
 * run, new requests queue up and go together into the next one. Each request learns how many of its
 * events were new; the rest were duplicates of events stored before.
 *
 * On MySQL a flush is one multi-statement query, so that its transaction costs one round trip.
 */
@Injectable()
export class EventWriter implements BeforeApplicationShutdown {
  private readonly logger = new Logger(EventWriter.name);
  private readonly dialect: Dialect;
  /** SQLite has one connection and one writer; MySQL runs a few transactions side by side. */
  private readonly maxConcurrentFlushes: number;
  private readonly queue: PendingWrite[] = [];
  private readonly flushes = new Set<Promise<void>>();
  private readonly mysqlPool?: MultiStatementPool;
  private launchScheduled = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly usageChanges: UsageChanges,
  ) {
    this.dialect = isSqlite(dataSource) ? 'sqlite' : 'mysql';
    this.maxConcurrentFlushes = this.dialect === 'sqlite' ? 1 : 8;
    if (this.dialect === 'mysql') this.mysqlPool = new MultiStatementPool(dataSource, this.maxConcurrentFlushes);
  }

  /** Stores the events of one request and returns how many were new. */
  write(tenantId: string, events: AcceptedEvent[]): Promise<number> {
    if (events.length === 0) {
      return Promise.resolve(0);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ tenantId, events, resolve, reject });
      this.scheduleLaunch();
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    while (this.flushes.size > 0 || this.queue.length > 0) {
      this.launch();
      await Promise.all(this.flushes);
    }
    await this.mysqlPool?.end();
  }

  private scheduleLaunch(): void {
    if (this.launchScheduled) return;
    this.launchScheduled = true;
    // Waiting for the next turn of the event loop lets requests that arrive together share a flush.
    setImmediate(() => {
      this.launchScheduled = false;
      this.launch();
    });
  }

  private launch(): void {
    while (this.queue.length > 0 && this.flushes.size < this.maxConcurrentFlushes) {
      const flush: Promise<void> = this.flush(this.takeBatch()).finally(() => {
        this.flushes.delete(flush);
        if (this.queue.length > 0) this.scheduleLaunch();
      });
      this.flushes.add(flush);
    }
  }

  private takeBatch(): PendingWrite[] {
    const batch: PendingWrite[] = [];
    let events = 0;
    while (this.queue.length > 0 && (batch.length === 0 || events + this.queue[0].events.length <= MAX_EVENTS_PER_FLUSH)) {
      const write = this.queue.shift() as PendingWrite;
      batch.push(write);
      events += write.events.length;
    }
    return batch;
  }

  private async flush(writes: PendingWrite[]): Promise<void> {
    // The first request of this flush to claim a tenant's event id owns it; the others see a duplicate.
    const claimed = new Set<string>();
    const requests: RequestEvents[] = writes.map((write) => ({
      tenantId: write.tenantId,
      events: write.events.filter((event) => {
        const key = `${write.tenantId}\u0000${event.eventId}`;
        if (claimed.has(key)) return false;
        claimed.add(key);
        return true;
      }),
    }));

    for (let attempt = 1; ; attempt++) {
      try {
        const accepted = await this.store(requests);
        writes.forEach((write, index) => write.resolve(accepted[index]));
        this.usageChanges.notify(writes.filter((_write, index) => accepted[index] > 0).map((write) => write.tenantId));
        return;
      } catch (error) {
        if (attempt < MAX_ATTEMPTS && isRetryable(error)) {
          this.logger.warn({ err: describeError(error), attempt, events: claimed.size }, 'Retrying an event write after a lock conflict');
          // Random waits keep the flushes that deadlocked together from colliding again.
          await new Promise((retry) => setTimeout(retry, Math.random() * 20 * attempt));
          continue;
        }
        this.logger.error({ err: describeError(error), events: claimed.size, requests: writes.length }, 'Failed to write events');
        for (const write of writes) write.reject(error);
        return;
      }
    }
  }

  /** Runs one flush's statements in one transaction and returns how many events of each request were new. */
  private async store(requests: RequestEvents[]): Promise<number[]> {
    const plan = planFlush(this.dialect, requests, Date.now());
    const rowCounts = this.mysqlPool ? await this.mysqlPool.runInTransaction(plan.statements) : await this.runOnSqlite(plan.statements);

    const accepted = requests.map(() => 0);
    plan.requestOf.forEach((request, index) => {
      if (request >= 0) accepted[request] += rowCounts[index];
    });
    return accepted;
  }

  private async runOnSqlite(statements: Statement[]): Promise<number[]> {
    const run = () =>
      this.dataSource.transaction(async (manager) => {
        const queryRunner = manager.queryRunner as QueryRunner;
        const rowCounts: number[] = [];
        for (const statement of statements) {
          const result = (await queryRunner.query(statement.sql, statement.parameters, true)) as QueryResult;
          rowCounts.push(result.affected ?? 0);
        }
        return rowCounts;
      });
    return oneAtATimeOnSqlite(this.dataSource, run);
  }
}
