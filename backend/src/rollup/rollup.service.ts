import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { Environment } from '../config/environment';
import { chunk, isSqlite, listPlaceholders, oneAtATimeOnSqlite, rowPlaceholders } from '../database/sql';
import { LimitEvaluator } from '../limits/limit-evaluator.service';
import { UsageMetric } from '../usage/entities/usage-daily.entity';
import { DAY_MS, localDatesOfUtcDay, localDayWindow, localMonthWindow } from './calendar';
import { JobLeaseService } from './job-lease.service';
import { rewriteStorageDays } from './storage-days';
import { aggregateDays } from './usage-aggregator';

const LEASE = 'rollup';
const LEASE_TTL_MS = 5 * 60 * 1000;
const MARKERS_PER_BATCH = 10_000;
/** Tenants rolled up side by side on MySQL, each in a transaction of its own, so that database and Node.js work overlap. */
const TENANTS_AT_ONCE = 2;
const ATTEMPTS_PER_TENANT = 3;
const ROWS_PER_DELETE = 10_000;
/** Raw events are kept this many days beyond RAW_RETENTION_DAYS, so that late markers find their days whole. */
const PRUNE_MARGIN_DAYS = 2;
/** The rollup_state row with the prune cutoff: every raw event before it may be gone, every one after it is kept. */
const PRUNED_BEFORE = 'raw_events_pruned_before';
/** The rollup_state row with the instant from which storage_versions contains the state of every object. */
const STORAGE_HISTORY_FROM = 'storage_history_from';

/** The rollup_state values of one run, read once when it starts. */
interface RunState {
  prunedBeforeMs: number;
  storageHistoryFromMs: number;
}
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

export interface RollupResult {
  processedEvents: number;
  durationMs: number;
}

/**
 * Recomputes daily and monthly snapshots, contacts and visitors per country and month, and end-of-day
 * storage, for every tenant day that rollup markers name. Each day is recomputed in full from the raw events, so a run
 * can be repeated or cut short at any point without changing a number.
 */
@Injectable()
export class RollupService {
  private readonly logger = new Logger(RollupService.name);
  private lastPrunedAtMs = 0;
  /** How long the lease lasts without renewal; a run renews it every third of this. */
  leaseTtlMs = LEASE_TTL_MS;
  private currentRun: Promise<RollupResult | null> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly leases: JobLeaseService,
    private readonly config: ConfigService<Environment, true>,
    private readonly limitEvaluator: LimitEvaluator,
  ) {}

  /**
   * Runs the rollup, then evaluates the usage limits of every tenant that has some. With `wait` (the
   * admin endpoint), it first waits for a run of this or another instance to finish. Without it (the
   * schedule), it returns null while one is running.
   */
  async run(options: { wait: boolean }): Promise<RollupResult | null> {
    // The lease admits its holder again, so it cannot keep two runs of this process apart. Two runs
    // at once could each rewrite a day with the events it saw and delete the other's markers.
    while (this.currentRun) {
      if (!options.wait) {
        this.logger.debug('Skipped the rollup because this instance is running it');
        return null;
      }
      await this.currentRun.catch(() => undefined);
    }

    const run = this.runUnderLease(options);
    this.currentRun = run;
    try {
      return await run;
    } finally {
      if (this.currentRun === run) this.currentRun = null;
    }
  }

  private async runUnderLease(options: { wait: boolean }): Promise<RollupResult | null> {
    const startedAt = Date.now();
    while (!(await this.leases.acquire(LEASE, this.leaseTtlMs))) {
      if (!options.wait) {
        this.logger.debug('Skipped the rollup because another instance is running it');
        return null;
      }
      await new Promise((retry) => setTimeout(retry, 250));
    }

    // A run can outlast the lease, after a time-zone change or an outage. Another instance must not
    // start beside it, so the lease is renewed while the run lasts.
    let renewing = Promise.resolve();
    const renewal = setInterval(() => (renewing = this.renewLease()), this.leaseTtlMs / 3);
    renewal.unref();
    try {
      const processedEvents = await this.processMarkers();
      const pruned = Date.now() - this.lastPrunedAtMs >= PRUNE_INTERVAL_MS ? await this.pruneRawEvents() : 0;
      const alerts = await this.evaluateLimits();
      const durationMs = Date.now() - startedAt;
      this.logger.log({ processedEvents, pruned, alerts, durationMs }, 'Finished the rollup');
      return { processedEvents, durationMs };
    } catch (error) {
      this.logger.error({ err: error }, 'Rollup failed; the next run retries the remaining markers');
      throw error;
    } finally {
      clearInterval(renewal);
      // A renewal still in flight would take the lease again after the release.
      await renewing;
      await this.leases.release(LEASE);
    }
  }

  private async renewLease(): Promise<void> {
    try {
      if (!(await this.leases.acquire(LEASE, this.leaseTtlMs))) {
        this.logger.error({ lease: LEASE }, 'Lost the rollup lease to another instance during a run');
      }
    } catch (error) {
      this.logger.error({ err: error, lease: LEASE }, 'Failed to renew the rollup lease; retrying at the next renewal');
    }
  }

  /** Evaluates limits under the lease, so one instance does it per run; a failure here does not fail the rollup. */
  private async evaluateLimits(): Promise<number> {
    try {
      return (await this.limitEvaluator.evaluateAll()).alerts;
    } catch (error) {
      this.logger.error({ err: error }, 'Failed to evaluate usage limits after the rollup; the next run retries');
      return 0;
    }
  }

  /** Processes the tenants that have markers when the run starts. Markers written since may wait for the next run. */
  private async processMarkers(): Promise<number> {
    const state = await this.runState();
    const [{ last }] = await this.dataSource.query('SELECT MAX(id) AS last FROM rollup_markers');
    const lastId = Number(last ?? 0);
    let processedEvents = 0;
    let afterId = 0;

    for (;;) {
      const markers: Array<{ id: number; tenant_id: string; utc_day: number }> = await this.dataSource.query(
        'SELECT id, tenant_id, utc_day FROM rollup_markers WHERE id > ? AND id <= ? ORDER BY id LIMIT ?',
        [afterId, lastId, MARKERS_PER_BATCH],
      );
      if (markers.length === 0) return processedEvents;
      afterId = Number(markers[markers.length - 1].id);

      processedEvents += await this.rollupTenants([...new Set(markers.map((marker) => marker.tenant_id))], state);
    }
  }

  /** Rolls up the tenants, TENANTS_AT_ONCE at a time on MySQL and one at a time on SQLite. The first failure ends the run. */
  private async rollupTenants(tenantIds: string[], state: RunState): Promise<number> {
    const queue = [...tenantIds];
    let events = 0;
    const worker = async () => {
      for (let tenantId = queue.shift(); tenantId !== undefined; tenantId = queue.shift()) {
        try {
          // Awaited first: `events += await …` would read `events` before the other worker adds to it.
          const counted = await this.rollupTenantWithRetries(tenantId, state);
          events += counted;
        } catch (error) {
          queue.length = 0;
          throw error;
        }
      }
    };

    const workers = isSqlite(this.dataSource) ? 1 : TENANTS_AT_ONCE;
    const outcomes = await Promise.allSettled(Array.from({ length: workers }, worker));
    const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    return events;
  }

  /**
   * Retries a tenant whose transaction InnoDB rolled back on a deadlock or lock wait. Tenants rolled
   * up side by side touch different rows, but next-key locks at the edges of their key ranges can
   * still collide.
   */
  private async rollupTenantWithRetries(tenantId: string, state: RunState): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.rollupTenant(tenantId, state);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt >= ATTEMPTS_PER_TENANT || (code !== 'ER_LOCK_DEADLOCK' && code !== 'ER_LOCK_WAIT_TIMEOUT')) throw error;
        this.logger.warn({ tenantId, attempt, code }, 'Retrying the rollup of a tenant after a lock conflict');
      }
    }
  }

  /**
   * Recomputes the days of all the tenant's markers visible to its transaction, and deletes exactly
   * those markers. Reading them in the transaction's own snapshot matters for usage deltas: a write
   * whose events the snapshot counts must not leave a delta behind, and a write committed after
   * the snapshot keeps its markers for the next run.
   */
  private async rollupTenant(tenantId: string, { prunedBeforeMs, storageHistoryFromMs }: RunState): Promise<number> {
    return this.inSnapshot(async (manager) => {
      // The first read of the transaction, so on MySQL it fixes the snapshot that the reads below
      // share. The zone comes from the same snapshot, so a time-zone change and the markers it
      // writes are seen together or not at all.
      const markers: Array<{ id: number; utc_day: number }> = await manager.query('SELECT id, utc_day FROM rollup_markers WHERE tenant_id = ?', [tenantId]);
      const [tenant] = await manager.query('SELECT timezone FROM tenants WHERE id = ?', [tenantId]);
      const zone: string = tenant?.timezone ?? 'UTC';
      const markerIds = markers.map((marker) => Number(marker.id));
      const utcDays = new Set(markers.map((marker) => Number(marker.utc_day)));
      // Days that may have lost raw events to pruning keep the snapshot they have.
      const days = [...new Set([...utcDays].flatMap((utcDay) => localDatesOfUtcDay(utcDay, zone)))]
        .filter((day) => localDayWindow(day, zone).startMs >= prunedBeforeMs)
        .sort();
      const months = [...new Set(days.map((day) => day.slice(0, 7)))];

      const { values, events } = tenant ? await aggregateDays(manager, tenantId, zone, days) : { values: new Map(), events: 0 };
      if (tenant) {
        await this.writeDays(manager, tenantId, days, values);
        await this.writeMonths(manager, tenantId, months);
        await this.writeGeo(manager, tenantId, zone, months, prunedBeforeMs);
        await rewriteStorageDays(manager, tenantId, zone, days, storageHistoryFromMs);
      }
      for (const ids of chunk(markerIds, ROWS_PER_DELETE)) {
        await manager.query(`DELETE FROM rollup_markers WHERE id IN (${listPlaceholders(ids.length)})`, ids);
      }
      return events;
    });
  }

  /** Runs work in a transaction whose reads share one snapshot: REPEATABLE READ on MySQL, SQLite's own. */
  private inSnapshot<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (isSqlite(this.dataSource)) return oneAtATimeOnSqlite(this.dataSource, () => this.dataSource.transaction(work));
    return this.dataSource.transaction('REPEATABLE READ', work);
  }

  private async writeDays(manager: EntityManager, tenantId: string, days: string[], values: Map<UsageMetric, Map<string, number>>): Promise<void> {
    for (const group of chunk(days, 500)) {
      await manager.query(`DELETE FROM usage_daily WHERE tenant_id = ? AND day IN (${listPlaceholders(group.length)})`, [tenantId, ...group]);
    }

    const rows = [...values].flatMap(([metric, byDay]) => [...byDay].filter(([, value]) => value > 0).map(([day, value]) => [tenantId, metric, day, value]));
    for (const group of chunk(rows, 500)) {
      await manager.query(`INSERT INTO usage_daily (tenant_id, metric, day, value) VALUES ${rowPlaceholders(group.length, 4)}`, group.flat());
    }
  }

  private async writeMonths(manager: EntityManager, tenantId: string, months: string[]): Promise<void> {
    for (const month of months) {
      await manager.query('DELETE FROM usage_monthly WHERE tenant_id = ? AND month = ?', [tenantId, month]);
      await manager.query(
        `INSERT INTO usage_monthly (tenant_id, metric, month, value)
         SELECT tenant_id, metric, ?, SUM(value) FROM usage_daily
         WHERE tenant_id = ? AND day >= ? AND day <= ?
         GROUP BY tenant_id, metric`,
        [month, tenantId, `${month}-01`, `${month}-31`],
      );
    }
  }

  /** Recomputes contacts and distinct visitors per country for whole months. */
  private async writeGeo(manager: EntityManager, tenantId: string, zone: string, months: string[], prunedBeforeMs: number): Promise<void> {
    for (const month of months) {
      const { startMs, endMs } = localMonthWindow(month, zone);
      const contacts: Array<{ country: string | null; total: number }> = await manager.query(
        `SELECT country, COUNT(*) AS total FROM contacts
         WHERE tenant_id = ? AND first_captured_ms >= ? AND first_captured_ms < ? GROUP BY country`,
        [tenantId, startMs, endMs],
      );
      await this.replaceGeo(manager, tenantId, 'contacts', month, contacts);

      // Distinct visitors need every raw question of the month, so a partly pruned month keeps its figures.
      // NOTE: the count reads the whole month from the covering index. Late in a month, even a run that
      // changed one day reads all of the month's questions.
      if (startMs >= prunedBeforeMs) {
        const visitors: Array<{ country: string | null; total: number }> = await manager.query(
          `SELECT country, COUNT(DISTINCT visitor_key) AS total FROM usage_events
           WHERE tenant_id = ? AND type = 'question' AND visitor_key IS NOT NULL
             AND occurred_at_ms >= ? AND occurred_at_ms < ?
           GROUP BY country`,
          [tenantId, startMs, endMs],
        );
        await this.replaceGeo(manager, tenantId, 'visitors', month, visitors);
      }
    }
  }

  private async replaceGeo(
    manager: EntityManager,
    tenantId: string,
    subject: 'contacts' | 'visitors',
    month: string,
    rows: Array<{ country: string | null; total: number }>,
  ): Promise<void> {
    await manager.query('DELETE FROM geo_monthly WHERE tenant_id = ? AND subject = ? AND month = ?', [tenantId, subject, month]);
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO geo_monthly (tenant_id, subject, month, country, count) VALUES ${rowPlaceholders(rows.length, 5)}`,
      rows.flatMap((row) => [tenantId, subject, month, row.country ?? '', Number(row.total)]),
    );
  }

  /**
   * Deletes raw events older than RAW_RETENTION_DAYS plus a margin, tenant by tenant along the
   * (tenant_id, occurred_at_ms) index, and the storage versions that a newer version older than the
   * same cutoff replaces. Snapshots keep their totals. `run` calls it at most once an hour per process.
   */
  async pruneRawEvents(): Promise<number> {
    this.lastPrunedAtMs = Date.now();
    const cutoffMs = Date.now() - (this.config.get('RAW_RETENTION_DAYS', { infer: true }) + PRUNE_MARGIN_DAYS) * DAY_MS;
    const mysql = !isSqlite(this.dataSource);
    // Recorded before anything is deleted, so that even a prune cut short leaves no day recomputed
    // from partial raw events. Instances with different retention settings keep the latest cutoff.
    await this.dataSource.query(
      mysql
        ? 'INSERT INTO rollup_state (name, value) VALUES (?, ?) ON DUPLICATE KEY UPDATE value = GREATEST(value, VALUES(value))'
        : 'INSERT INTO rollup_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = MAX(value, excluded.value)',
      [PRUNED_BEFORE, cutoffMs],
    );

    const tenants: Array<{ id: string }> = await this.dataSource.query('SELECT id FROM tenants');
    let pruned = 0;

    for (const { id } of tenants) {
      for (;;) {
        const affected = await this.affectedRows(
          mysql
            ? `DELETE FROM usage_events WHERE tenant_id = ? AND occurred_at_ms < ? LIMIT ${ROWS_PER_DELETE}`
            : `DELETE FROM usage_events WHERE seq IN
                 (SELECT seq FROM usage_events WHERE tenant_id = ? AND occurred_at_ms < ? LIMIT ${ROWS_PER_DELETE})`,
          [id, cutoffMs],
        );
        pruned += affected;
        if (affected < ROWS_PER_DELETE) break;
      }

      // The newest version before the cutoff stays: it is the object's state when the retained days begin.
      await this.affectedRows(
        mysql
          ? `DELETE older FROM storage_versions older
             JOIN storage_versions newer ON newer.tenant_id = older.tenant_id AND newer.object_id = older.object_id
               AND newer.version_key > older.version_key AND newer.occurred_at_ms < ?
             WHERE older.tenant_id = ? AND older.occurred_at_ms < ?`
          : `DELETE FROM storage_versions WHERE tenant_id = ? AND occurred_at_ms < ? AND EXISTS (
               SELECT 1 FROM storage_versions newer WHERE newer.tenant_id = storage_versions.tenant_id
                 AND newer.object_id = storage_versions.object_id AND newer.version_key > storage_versions.version_key
                 AND newer.occurred_at_ms < ?)`,
        mysql ? [cutoffMs, id, cutoffMs] : [id, cutoffMs, cutoffMs],
      );
    }
    return pruned;
  }

  /**
   * Reads the cutoff of the latest prune, after which days have all their raw events, and the start
   * of the storage history. Until a prune records its cutoff, as after an upgrade, the rollup uses
   * the cutoff that the configured retention implies.
   */
  private async runState(): Promise<RunState> {
    const rows: Array<{ name: string; value: number | string }> = await this.dataSource.query('SELECT name, value FROM rollup_state');
    const value = (name: string) => rows.find((row) => row.name === name)?.value;
    const retentionCutoffMs = Date.now() - (this.config.get('RAW_RETENTION_DAYS', { infer: true }) + 1) * DAY_MS;
    return {
      prunedBeforeMs: Number(value(PRUNED_BEFORE) ?? retentionCutoffMs),
      storageHistoryFromMs: Number(value(STORAGE_HISTORY_FROM) ?? 0),
    };
  }

  private async affectedRows(sql: string, parameters: unknown[]): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const result = await runner.query(sql, parameters, true);
      return result.affected ?? 0;
    } finally {
      await runner.release();
    }
  }
}
