import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { isSqlite, listPlaceholders } from '../database/sql';
import { localDatesOfUtcDay } from '../rollup/calendar';
import { aggregateDays } from '../rollup/usage-aggregator';
import { USAGE_METRICS, UsageMetric } from './entities/usage-daily.entity';

export type DayValues = Map<UsageMetric, Map<string, number>>;

type Database = DataSource | EntityManager;

/**
 * Reads daily values as the dashboard must see them: the rollup snapshot for settled days, and a
 * live aggregate from the raw tables for days with pending rollup markers, so that every accepted
 * event counts at once.
 *
 * The markers are read before the snapshots: the rollup writes a day's snapshot and deletes its
 * markers in one transaction, so a day without markers always has its final snapshot.
 */
@Injectable()
export class UsageReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs reads against one snapshot of the database: a REPEATABLE READ transaction on MySQL.
   * NOTE: SQLite has one connection here, so a read between two statements of a running rollup
   * transaction can see that tenant's snapshot half rewritten; MySQL reads are isolated.
   */
  consistentRead<T>(work: (database: Database) => Promise<T>): Promise<T> {
    if (isSqlite(this.dataSource)) {
      return work(this.dataSource);
    }
    return this.dataSource.transaction('REPEATABLE READ', (manager) => work(manager));
  }

  /**
   * Reads daily snapshot values from `from` to `to` (YYYY-MM-DD, both included), and with `lifetime`
   * the lifetime totals, in one statement, which reads one consistent snapshot on both dialects.
   * Returns null when the tenant has any rollup marker, because then some snapshots are not final
   * and the caller must take the live path of `consistentRead`.
   */
  async settledValues(
    tenantId: string,
    from: string,
    to: string,
    options: { metric?: UsageMetric; lifetime: boolean },
  ): Promise<{ days: DayValues; lifetime: Map<UsageMetric, number> } | null> {
    const metrics = options.metric ? [options.metric] : [...USAGE_METRICS];
    const parts = [
      `SELECT 'marker' AS source, '' AS metric, '' AS day,
         CASE WHEN EXISTS (SELECT 1 FROM rollup_markers WHERE tenant_id = ?) THEN 1 ELSE 0 END AS value`,
      `SELECT 'day' AS source, metric, day, value FROM usage_daily
       WHERE tenant_id = ? AND metric IN (${listPlaceholders(metrics.length)}) AND day >= ? AND day <= ?`,
    ];
    const parameters: unknown[] = [tenantId, tenantId, ...metrics, from, to];
    if (options.lifetime) {
      parts.push(`SELECT 'lifetime' AS source, metric, '' AS day, SUM(value) AS value FROM usage_monthly WHERE tenant_id = ? GROUP BY metric`);
      parameters.push(tenantId);
    }
    const rows: Array<{ source: 'marker' | 'day' | 'lifetime'; metric: UsageMetric; day: string; value: number | string }> =
      await this.dataSource.query(parts.join(' UNION ALL '), parameters);

    const days: DayValues = new Map(USAGE_METRICS.map((name) => [name, new Map()]));
    const lifetime = new Map<UsageMetric, number>(USAGE_METRICS.map((name) => [name, 0]));
    for (const row of rows) {
      if (row.source === 'marker' && Number(row.value) > 0) return null;
      if (row.source === 'day') days.get(row.metric)?.set(row.day, Number(row.value));
      if (row.source === 'lifetime') lifetime.set(row.metric, Number(row.value));
    }
    return { days, lifetime };
  }

  /** Local days of the tenant whose snapshots are not final yet. */
  async pendingDays(database: Database, tenantId: string, zone: string): Promise<Set<string>> {
    const rows: Array<{ utc_day: number }> = await database.query(
      'SELECT DISTINCT utc_day FROM rollup_markers WHERE tenant_id = ?',
      [tenantId],
    );
    return new Set(rows.flatMap((row) => localDatesOfUtcDay(Number(row.utc_day), zone)));
  }

  /** Values per metric and day from `from` to `to` (YYYY-MM-DD, both included), for one metric or all. */
  async dailyValues(
    database: Database,
    tenantId: string,
    zone: string,
    from: string,
    to: string,
    pending: Set<string>,
    metric?: UsageMetric,
  ): Promise<DayValues> {
    const values: DayValues = new Map(USAGE_METRICS.map((name) => [name, new Map()]));
    // Naming the metrics lets both databases read one range of the (tenant_id, metric, day) key per metric.
    const metrics = metric ? [metric] : [...USAGE_METRICS];
    const rows: Array<{ metric: UsageMetric; day: string; value: number }> = await database.query(
      `SELECT metric, day, value FROM usage_daily
       WHERE tenant_id = ? AND metric IN (${listPlaceholders(metrics.length)}) AND day >= ? AND day <= ?`,
      [tenantId, ...metrics, from, to],
    );
    for (const row of rows) {
      if (!pending.has(row.day)) values.get(row.metric)?.set(row.day, Number(row.value));
    }

    const live = [...pending].filter((day) => day >= from && day <= to);
    if (live.length > 0) {
      const { values: fresh } = await aggregateDays(database, tenantId, zone, live);
      for (const [metric, days] of fresh) {
        for (const [day, value] of days) values.get(metric)?.set(day, value);
      }
    }
    return values;
  }

  /** Returns the first day with a daily snapshot or a pending day, or undefined when the tenant has neither. */
  async firstDay(database: Database, tenantId: string, pending: Set<string>): Promise<string | undefined> {
    const firsts: Array<{ day: string | null }> = await database.query(
      USAGE_METRICS.map(() => 'SELECT MIN(day) AS day FROM usage_daily WHERE tenant_id = ? AND metric = ?').join(' UNION ALL '),
      USAGE_METRICS.flatMap((name) => [tenantId, name]),
    );
    const days = [...firsts.map((row) => row.day), ...pending].filter((day): day is string => day !== null);
    return days.length > 0 ? days.reduce((first, day) => (day < first ? day : first)) : undefined;
  }

  /** Lifetime total per metric: monthly snapshots, corrected by the live values of pending days. */
  async lifetimeTotals(database: Database, tenantId: string, zone: string, pending: Set<string>): Promise<Map<UsageMetric, number>> {
    const totals = new Map<UsageMetric, number>(USAGE_METRICS.map((metric) => [metric, 0]));
    const rows: Array<{ metric: UsageMetric; total: number }> = await database.query(
      'SELECT metric, SUM(value) AS total FROM usage_monthly WHERE tenant_id = ? GROUP BY metric',
      [tenantId],
    );
    for (const row of rows) totals.set(row.metric, Number(row.total));
    if (pending.size === 0) return totals;

    const days = [...pending];
    const settled: Array<{ metric: UsageMetric; value: number }> = await database.query(
      `SELECT metric, value FROM usage_daily WHERE tenant_id = ? AND day IN (${listPlaceholders(days.length)})`,
      [tenantId, ...days],
    );
    for (const row of settled) totals.set(row.metric, (totals.get(row.metric) ?? 0) - Number(row.value));
    const { values: fresh } = await aggregateDays(database, tenantId, zone, days);
    for (const [metric, byDay] of fresh) {
      for (const value of byDay.values()) totals.set(metric, (totals.get(metric) ?? 0) + value);
    }
    return totals;
  }
}
