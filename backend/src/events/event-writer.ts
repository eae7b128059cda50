import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryResult, QueryRunner } from 'typeorm';

import { chunk, isSqlite, listPlaceholders, rowPlaceholders } from '../database/sql';
import { utcDayOf } from '../rollup/calendar';
import { UsageChanges } from '../usage/usage-changes.service';
import { AcceptedEvent } from './validation/event-validator';

/** Most events written in one transaction; more wait for the next one. */
const MAX_EVENTS_PER_FLUSH = 5000;
/** Rows per INSERT statement: 12 parameters each stays under SQLite's 32,766-parameter limit. */
const ROWS_PER_STATEMENT = 1000;
const MAX_ATTEMPTS = 3;

const EVENT_COLUMNS = [
  'tenant_id',
  'event_id',
  'type',
  'occurred_at_ms',
  'received_at_ms',
  'quantity',
  'visitor_key',
  'contact_key',
  'country',
  'object_id',
  'storage_kind',
  'bytes',
];

interface PendingWrite {
  tenantId: string;
  events: AcceptedEvent[];
  resolve(accepted: number): void;
  reject(error: unknown): void;
}

type Dialect = 'sqlite' | 'mysql';

/** Orders storage events of one object: later occurredAt wins, and the event id breaks ties. */
export function storageVersionKey(event: AcceptedEvent): string {
  return `${String(event.occurredAtMs).padStart(15, '0')}:${event.eventId}`;
}

function isRetryable(error: unknown): boolean {
  const code = (error as { driverError?: { code?: string } }).driverError?.code;
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || code === 'SQLITE_BUSY';
}

/**
 * Writes accepted events durably, coalescing concurrent requests: while the transactions in flight
 * run, new requests queue up and go together into the next one. Each request learns how many of its
 * events were new; the rest were duplicates of events stored before.
 *
 * Contacts and storage objects are upserted for every event of a flush, duplicates included, which
 * is safe because both upserts give the same result when an event is applied twice. Rollup markers
 * name the days that changed.
 */
@Injectable()
export class EventWriter implements BeforeApplicationShutdown {
  private readonly logger = new Logger(EventWriter.name);
  private readonly dialect: Dialect;
  /** SQLite has one connection and one writer; MySQL runs a few transactions side by side. */
  private readonly maxConcurrentFlushes: number;
  private readonly queue: PendingWrite[] = [];
  private readonly flushes = new Set<Promise<void>>();
  private launchScheduled = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly usageChanges: UsageChanges,
  ) {
    this.dialect = isSqlite(dataSource) ? 'sqlite' : 'mysql';
    this.maxConcurrentFlushes = this.dialect === 'sqlite' ? 1 : 8;
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
    const owned = writes.map((write) =>
      write.events.filter((event) => {
        const key = `${write.tenantId}\u0000${event.eventId}`;
        if (claimed.has(key)) return false;
        claimed.add(key);
        return true;
      }),
    );

    for (let attempt = 1; ; attempt++) {
      try {
        const accepted = await this.store(writes, owned);
        writes.forEach((write, index) => write.resolve(accepted[index]));
        this.usageChanges.notify(writes.filter((_write, index) => accepted[index] > 0).map((write) => write.tenantId));
        return;
      } catch (error) {
        if (attempt < MAX_ATTEMPTS && isRetryable(error)) {
          this.logger.warn({ err: error, attempt, events: claimed.size }, 'Retrying an event write after a lock conflict');
          await new Promise((retry) => setTimeout(retry, 20 * attempt));
          continue;
        }
        this.logger.error({ err: error, events: claimed.size, requests: writes.length }, 'Failed to write events');
        for (const write of writes) write.reject(error);
        return;
      }
    }
  }

  /**
   * Inserts each request's events with one statement, so that its row count is the number of new
   * events, and applies contacts and storage objects, all in one transaction.
   */
  private async store(writes: PendingWrite[], owned: AcceptedEvent[][]): Promise<number[]> {
    const receivedAtMs = Date.now();
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();

    await queryRunner.startTransaction();
    try {
      const accepted: number[] = [];
      for (const [index, write] of writes.entries()) {
        let inserted = 0;
        for (const rows of chunk(owned[index], ROWS_PER_STATEMENT)) {
          inserted += await this.insertEvents(queryRunner, write.tenantId, rows, receivedAtMs);
        }
        accepted.push(inserted);
      }

      const all = writes.flatMap((write, index) => owned[index].map((event) => ({ tenantId: write.tenantId, event })));
      const contactEvents = all.filter((item) => item.event.type === 'contact');
      await this.insertRollupMarkers(queryRunner, all, await this.earliestCapturesOf(queryRunner, contactEvents));
      await this.upsertContacts(queryRunner, contactEvents);
      await this.upsertStorageObjects(
        queryRunner,
        all.filter((item) => item.event.type === 'storage_put' || item.event.type === 'storage_delete'),
      );

      await queryRunner.commitTransaction();
      return accepted;
    } catch (error) {
      await queryRunner.rollbackTransaction().catch((rollbackError: Error) =>
        this.logger.error({ err: rollbackError }, 'Failed to roll back an event write'),
      );
      throw error;
    } finally {
      await queryRunner.release();
    }
  }

  /** Inserts events of one tenant and returns how many rows were new. */
  private async insertEvents(queryRunner: QueryRunner, tenantId: string, events: AcceptedEvent[], receivedAtMs: number): Promise<number> {
    // INSERT IGNORE, because with ON DUPLICATE KEY UPDATE mysql2's FOUND_ROWS flag would count
    // duplicates as affected rows. Validation has already excluded the other errors IGNORE would hide.
    const insert = this.dialect === 'sqlite' ? 'INSERT INTO' : 'INSERT IGNORE INTO';
    const conflict = this.dialect === 'sqlite' ? 'ON CONFLICT (tenant_id, event_id) DO NOTHING' : '';
    const parameters = events.flatMap((event) => [
      tenantId,
      event.eventId,
      event.type,
      event.occurredAtMs,
      receivedAtMs,
      event.quantity,
      event.visitorKey,
      event.contactKey,
      event.country,
      event.objectId,
      event.storageKind,
      event.bytes,
    ]);
    const result = (await queryRunner.query(
      `${insert} usage_events (${EVENT_COLUMNS.join(', ')}) VALUES ${rowPlaceholders(events.length, EVENT_COLUMNS.length)} ${conflict}`,
      parameters,
      true,
    )) as QueryResult;
    return result.affected ?? 0;
  }

  /**
   * Returns the current first-capture times of the contacts of these events. A contact whose first
   * capture moves earlier leaves its old day, so that day's snapshot needs recomputing too.
   */
  private async earliestCapturesOf(queryRunner: QueryRunner, events: Array<{ tenantId: string; event: AcceptedEvent }>): Promise<Array<{ tenantId: string; atMs: number }>> {
    const captures: Array<{ tenantId: string; atMs: number }> = [];
    const byTenant = new Map<string, string[]>();
    for (const { tenantId, event } of events) byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), event.contactKey as string]);
    for (const [tenantId, keys] of byTenant) {
      for (const rows of chunk([...new Set(keys)], ROWS_PER_STATEMENT)) {
        const found: Array<{ first_captured_ms: number }> = await queryRunner.query(
          `SELECT first_captured_ms FROM contacts WHERE tenant_id = ? AND contact_key IN (${listPlaceholders(rows.length)})`,
          [tenantId, ...rows],
        );
        captures.push(...found.map((row) => ({ tenantId, atMs: Number(row.first_captured_ms) })));
      }
    }
    return captures;
  }

  /**
   * Notes which tenant days changed, in the same transaction as the events, for the rollup job.
   * The rows are only ever inserted, so concurrent writes for the same day do not lock a shared row.
   */
  private async insertRollupMarkers(
    queryRunner: QueryRunner,
    events: Array<{ tenantId: string; event: AcceptedEvent }>,
    extraCaptures: Array<{ tenantId: string; atMs: number }>,
  ): Promise<void> {
    const markers = new Map<string, [string, number]>();
    const note = (tenantId: string, atMs: number) => markers.set(`${tenantId}\u0000${utcDayOf(atMs)}`, [tenantId, utcDayOf(atMs)]);
    for (const { tenantId, event } of events) note(tenantId, event.occurredAtMs);
    for (const { tenantId, atMs } of extraCaptures) note(tenantId, atMs);

    for (const rows of chunk([...markers.values()], ROWS_PER_STATEMENT)) {
      await queryRunner.query(`INSERT INTO rollup_markers (tenant_id, utc_day) VALUES ${rowPlaceholders(rows.length, 2)}`, rows.flat());
    }
  }

  /** Records each contact's earliest capture; a later event may fill in a missing country. */
  private async upsertContacts(queryRunner: QueryRunner, events: Array<{ tenantId: string; event: AcceptedEvent }>): Promise<void> {
    const contacts = new Map<string, { tenantId: string; contactKey: string; firstCapturedMs: number; country: string | null }>();
    for (const { tenantId, event } of [...events].sort((a, b) => a.event.occurredAtMs - b.event.occurredAtMs)) {
      const key = `${tenantId}\u0000${event.contactKey}`;
      const known = contacts.get(key);
      if (known) {
        known.country ??= event.country;
      } else {
        contacts.set(key, { tenantId, contactKey: event.contactKey as string, firstCapturedMs: event.occurredAtMs, country: event.country });
      }
    }

    const update =
      this.dialect === 'sqlite'
        ? `ON CONFLICT (tenant_id, contact_key) DO UPDATE SET
             first_captured_ms = MIN(contacts.first_captured_ms, excluded.first_captured_ms),
             country = COALESCE(contacts.country, excluded.country)`
        : `ON DUPLICATE KEY UPDATE
             first_captured_ms = LEAST(first_captured_ms, VALUES(first_captured_ms)),
             country = COALESCE(country, VALUES(country))`;
    for (const rows of chunk([...contacts.values()], ROWS_PER_STATEMENT)) {
      await queryRunner.query(
        `INSERT INTO contacts (tenant_id, contact_key, first_captured_ms, country) VALUES ${rowPlaceholders(rows.length, 4)} ${update}`,
        rows.flatMap((row) => [row.tenantId, row.contactKey, row.firstCapturedMs, row.country]),
      );
    }
  }

  /** Applies puts and deletes; per object the greatest version key wins, whatever the arrival order. */
  private async upsertStorageObjects(queryRunner: QueryRunner, events: Array<{ tenantId: string; event: AcceptedEvent }>): Promise<void> {
    const latest = new Map<string, { tenantId: string; event: AcceptedEvent; versionKey: string }>();
    for (const { tenantId, event } of events) {
      const key = `${tenantId}\u0000${event.objectId}`;
      const versionKey = storageVersionKey(event);
      const known = latest.get(key);
      if (!known || versionKey > known.versionKey) latest.set(key, { tenantId, event, versionKey });
    }

    const newer = this.dialect === 'sqlite' ? '' : 'VALUES(version_key) > version_key';
    const update =
      this.dialect === 'sqlite'
        ? `ON CONFLICT (tenant_id, object_id) DO UPDATE SET
             kind = excluded.kind, bytes = excluded.bytes, deleted = excluded.deleted, version_key = excluded.version_key
           WHERE excluded.version_key > storage_objects.version_key`
        : // MySQL applies the assignments left to right, so version_key must change last.
          `ON DUPLICATE KEY UPDATE
             kind = IF(${newer}, VALUES(kind), kind),
             bytes = IF(${newer}, VALUES(bytes), bytes),
             deleted = IF(${newer}, VALUES(deleted), deleted),
             version_key = IF(${newer}, VALUES(version_key), version_key)`;
    for (const rows of chunk([...latest.values()], ROWS_PER_STATEMENT)) {
      await queryRunner.query(
        `INSERT INTO storage_objects (tenant_id, object_id, kind, bytes, deleted, version_key) VALUES ${rowPlaceholders(rows.length, 6)} ${update}`,
        rows.flatMap(({ tenantId, event, versionKey }) => {
          const deleted = event.type === 'storage_delete';
          return [tenantId, event.objectId, event.storageKind ?? 'other', deleted ? 0 : event.bytes, deleted ? 1 : 0, versionKey];
        }),
      );
    }
  }
}
