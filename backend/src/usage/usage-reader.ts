import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { isSqlite, listPlaceholders, Statement, UnionRow } from '../database/sql';
import { DAY_MS, localDateOfSlot, localDatesOfUtcDay, SLOT_MS } from '../rollup/calendar';
import { aggregateDays } from '../rollup/usage-aggregator';
import { USAGE_METRICS, UsageMetric } from './entities/usage-daily.entity';

export type DayValues = Map<UsageMetric, Map<string, number>>;

type Database = DataSource | EntityManager;

/** Usage that writes since the last rollup added in one 15-minute slot. */
export interface SlotDelta {
  metric: UsageMetric;
  slot: number;
  value: number;
}

/**
 * Snapshot values read in one statement, the usage deltas that the snapshots do not hold yet, and
 * for days marked for a recount of contacts, their UTC days and the contacts of their slots.
 */
export interface SettledValues {
  days: DayValues;
  lifetime: Map<UsageMetric, number>;
  deltas: SlotDelta[];
  contactUtcDays: number[];
  contactSlots: Array<{ slot: number; count: number }>;
}

/**
 * Days of a tenant whose snapshots are not final. Raw days are aggregated from the raw tables, and
 * contact days have their contacts recounted. Deltas, per metric and day, add to all other snapshots.
 */
export interface PendingDays {
  rawDays: Set<string>;
  contactDays: Set<string>;
  deltas: DayValues;
}

/** Rollup-marker column of each metric's usage delta. Contacts have none. */
const DELTA_COLUMNS: Array<[UsageMetric, 'words' | 'api_requests' | 'questions']> = [
  ['words', 'words'],
  ['apiRequests', 'api_requests'],
  ['questions', 'questions'],
];

/**
 * Returns the SELECT of the usage deltas per slot of the given metrics, or none for no metrics.
 * Several metrics share one read of the markers, whose sums then become one row per metric. A
 * tenant with events since the last rollup has hundreds of markers, and reading them once per
 * metric took about twice as long on MariaDB 10.11.
 */
function deltaParts(tenantId: string, columns: typeof DELTA_COLUMNS): Statement[] {
  if (columns.length === 0) return [];
  if (columns.length === 1) {
    const [[metric, column]] = columns;
    return [
      {
        sql: `SELECT 'delta' AS source, '${metric}' AS metric, slot, SUM(${column}) AS value FROM rollup_markers
              WHERE tenant_id = ? AND slot IS NOT NULL GROUP BY slot`,
        parameters: [tenantId],
      },
    ];
  }
  const sums = columns.map(([, column]) => `SUM(${column}) AS ${column}`).join(', ');
  const metrics = columns.map(([metric]) => `SELECT '${metric}' AS metric`).join(' UNION ALL ');
  const valueOf = columns.map(([metric, column]) => `WHEN '${metric}' THEN sums.${column}`).join(' ');
  return [
    {
      sql: `SELECT 'delta' AS source, metrics.metric, sums.slot, CASE metrics.metric ${valueOf} END AS value
            FROM (SELECT slot, ${sums} FROM rollup_markers WHERE tenant_id = ? AND slot IS NOT NULL GROUP BY slot) sums
            CROSS JOIN (${metrics}) metrics`,
      parameters: [tenantId],
    },
  ];
}

function emptyDayValues(): DayValues {
  return new Map(USAGE_METRICS.map((name) => [name, new Map()]));
}

function addTo(values: Map<string, number> | undefined, day: string, amount: number): void {
  values?.set(day, (values.get(day) ?? 0) + amount);
}

/**
 * Reads daily values as the dashboard must see them, so that every accepted event counts at once.
 * Values are the rollup snapshots plus the usage deltas that writes since the last rollup left in
 * their markers. Days with a marker without a slot are aggregated live from the raw tables.
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
   * the lifetime totals, plus the usage deltas of writes since the last rollup, in one statement,
   * which reads one consistent snapshot on both dialects. Returns null when the tenant has a marker
   * without a slot, because then the caller must take the live path of `consistentRead`.
   */
  async settledValues(tenantId: string, from: string, to: string, options: { metric?: UsageMetric; lifetime: boolean }): Promise<SettledValues | null> {
    return (await this.settledRead(tenantId, from, to, options, [])).settled;
  }

  /**
   * Reads what `settledValues` reads, together with other SELECTs of the combined-read columns in the
   * same statement, and returns their rows. A read that needs the tenant's time zone or storage saves
   * round trips this way, and reads them from the same snapshot as the usage.
   */
  async settledRead(
    tenantId: string,
    from: string,
    to: string,
    options: { metric?: UsageMetric; lifetime: boolean },
    selects: Statement[],
  ): Promise<{ settled: SettledValues | null; rows: UnionRow[] }> {
    const metrics = options.metric ? [options.metric] : [...USAGE_METRICS];
    const parts: Statement[] = [
      {
        sql: `SELECT 'raw' AS source, '' AS name, '' AS detail, COUNT(*) AS value FROM rollup_markers WHERE tenant_id = ? AND slot IS NULL AND contacts_only = 0`,
        parameters: [tenantId],
      },
      {
        sql: `SELECT 'day' AS source, metric, day, value FROM usage_daily
              WHERE tenant_id = ? AND metric IN (${listPlaceholders(metrics.length)}) AND day >= ? AND day <= ?`,
        parameters: [tenantId, ...metrics, from, to],
      },
      ...deltaParts(tenantId, DELTA_COLUMNS.filter(([metric]) => metrics.includes(metric) || options.lifetime)),
    ];
    if (options.lifetime) {
      parts.push({ sql: `SELECT 'lifetime' AS source, metric, '' AS detail, SUM(value) AS value FROM usage_monthly WHERE tenant_id = ? GROUP BY metric`, parameters: [tenantId] });
    }
    if (metrics.includes('contacts')) parts.push(...this.contactRecountParts(tenantId));
    parts.push(...selects);
    const rows: UnionRow[] = await this.dataSource.query(
      parts.map((part) => part.sql).join(' UNION ALL '),
      parts.flatMap((part) => part.parameters),
    );

    const days = emptyDayValues();
    const lifetime = new Map<UsageMetric, number>(USAGE_METRICS.map((name) => [name, 0]));
    const settled: SettledValues = { days, lifetime, deltas: [], contactUtcDays: [], contactSlots: [] };
    let raw = false;
    for (const row of rows) {
      const metric = row.name as UsageMetric;
      if (row.source === 'raw' && Number(row.value) > 0) raw = true;
      if (row.source === 'day') days.get(metric)?.set(String(row.detail), Number(row.value));
      if (row.source === 'delta' && Number(row.value) !== 0) settled.deltas.push({ metric, slot: Number(row.detail), value: Number(row.value) });
      if (row.source === 'lifetime') lifetime.set(metric, Number(row.value));
      if (row.source === 'contactDay') settled.contactUtcDays.push(Number(row.detail));
      if (row.source === 'contactSlot') settled.contactSlots.push({ slot: Number(row.detail), count: Number(row.value) });
    }
    return { settled: raw ? null : settled, rows };
  }

  /**
   * Returns two SELECTs: the UTC days marked for a recount of contacts, and the contacts per slot
   * from a day before the first of those days to two days after the last. That span covers their
   * local days in every zone. Without such markers the second SELECT reads no rows.
   */
  private contactRecountParts(tenantId: string): Statement[] {
    const slot = isSqlite(this.dataSource) ? `first_captured_ms / ${SLOT_MS}` : `first_captured_ms DIV ${SLOT_MS}`;
    const marked = `FROM rollup_markers WHERE tenant_id = ? AND slot IS NULL AND contacts_only = 1`;
    return [
      { sql: `SELECT 'contactDay' AS source, '' AS name, utc_day, COUNT(*) AS value ${marked} GROUP BY utc_day`, parameters: [tenantId] },
      {
        sql: `SELECT 'contactSlot' AS source, '' AS name, ${slot}, COUNT(*) AS value FROM contacts
              WHERE tenant_id = ? AND first_captured_ms >= (SELECT (MIN(utc_day) - 1) * ${DAY_MS} ${marked})
                AND first_captured_ms < (SELECT (MAX(utc_day) + 2) * ${DAY_MS} ${marked})
              GROUP BY ${slot}`,
        parameters: [tenantId, tenantId, tenantId],
      },
    ];
  }

  /**
   * Adds the usage deltas to settled values, on the tenant's local days: to the days from `from` to
   * `to`, and to the lifetime totals when they were read. Days marked for a recount of contacts get
   * their recounted contacts instead of their snapshot. Returns null when such a day lies outside
   * the range while lifetime totals were read: its snapshot, which the lifetime total holds, is not
   * known, so the caller must take the live path.
   */
  addDeltas(
    settled: SettledValues,
    zone: string,
    from: string,
    to: string,
    options: { lifetime: boolean },
  ): { days: DayValues; lifetime: Map<UsageMetric, number> } | null {
    const { days, lifetime } = settled;
    const contactDays = new Set(settled.contactUtcDays.flatMap((utcDay) => localDatesOfUtcDay(utcDay, zone)));
    if (options.lifetime && [...contactDays].some((day) => day < from || day > to)) return null;

    for (const delta of settled.deltas) {
      const day = localDateOfSlot(delta.slot, zone);
      if (day >= from && day <= to) addTo(days.get(delta.metric), day, delta.value);
      lifetime.set(delta.metric, (lifetime.get(delta.metric) ?? 0) + delta.value);
    }

    const contacts = days.get('contacts');
    const recounted = new Map([...contactDays].map((day) => [day, 0]));
    for (const { slot, count } of settled.contactSlots) {
      const day = localDateOfSlot(slot, zone);
      if (recounted.has(day)) recounted.set(day, (recounted.get(day) ?? 0) + count);
    }
    for (const [day, count] of recounted) {
      if (day < from || day > to) continue;
      lifetime.set('contacts', (lifetime.get('contacts') ?? 0) - (contacts?.get(day) ?? 0) + count);
      contacts?.set(day, count);
    }
    return { days, lifetime };
  }

  /** Reads the tenant's markers: which local days to aggregate from the raw tables, and the deltas of the others. */
  async pendingDays(database: Database, tenantId: string, zone: string): Promise<PendingDays> {
    const rows: Array<{ utc_day: number; slot: number | null; contacts_only: number; words: number; api_requests: number; questions: number }> =
      await database.query(
        `SELECT utc_day, slot, contacts_only, SUM(words) AS words, SUM(api_requests) AS api_requests, SUM(questions) AS questions
         FROM rollup_markers WHERE tenant_id = ? GROUP BY utc_day, slot, contacts_only`,
        [tenantId],
      );

    const localDaysOf = (marks: typeof rows) => marks.flatMap((row) => localDatesOfUtcDay(Number(row.utc_day), zone));
    const rawDays = new Set(localDaysOf(rows.filter((row) => row.slot === null && !Number(row.contacts_only))));
    const contactDays = new Set(localDaysOf(rows.filter((row) => row.slot === null && Number(row.contacts_only))).filter((day) => !rawDays.has(day)));
    const deltas = emptyDayValues();
    for (const row of rows) {
      if (row.slot === null) continue;
      const day = localDateOfSlot(Number(row.slot), zone);
      if (rawDays.has(day)) continue;
      for (const [metric, column] of DELTA_COLUMNS) addTo(deltas.get(metric), day, Number(row[column]));
    }
    return { rawDays, contactDays, deltas };
  }

  /** Values per metric and day from `from` to `to` (YYYY-MM-DD, both included), for one metric or all. */
  async dailyValues(
    database: Database,
    tenantId: string,
    zone: string,
    from: string,
    to: string,
    pending: PendingDays,
    metric?: UsageMetric,
  ): Promise<DayValues> {
    const values = emptyDayValues();
    // Naming the metrics lets both databases read one range of the (tenant_id, metric, day) key per metric.
    const metrics = metric ? [metric] : [...USAGE_METRICS];
    const rows: Array<{ metric: UsageMetric; day: string; value: number }> = await database.query(
      `SELECT metric, day, value FROM usage_daily
       WHERE tenant_id = ? AND metric IN (${listPlaceholders(metrics.length)}) AND day >= ? AND day <= ?`,
      [tenantId, ...metrics, from, to],
    );
    for (const row of rows) {
      if (pending.rawDays.has(row.day) || (row.metric === 'contacts' && pending.contactDays.has(row.day))) continue;
      values.get(row.metric)?.set(row.day, Number(row.value));
    }
    for (const [name, days] of pending.deltas) {
      for (const [day, value] of days) if (day >= from && day <= to) addTo(values.get(name), day, value);
    }

    const inRange = (days: Set<string>) => [...days].filter((day) => day >= from && day <= to);
    for (const [days, contactsOnly] of [[inRange(pending.rawDays), false], [inRange(pending.contactDays), true]] as const) {
      if (days.length === 0 || (contactsOnly && metric !== undefined && metric !== 'contacts')) continue;
      const { values: fresh } = await aggregateDays(database, tenantId, zone, days, { contactsOnly });
      for (const [name, byDay] of fresh) {
        for (const [day, value] of byDay) values.get(name)?.set(day, value);
      }
    }
    return values;
  }

  /** Returns the first day with a daily snapshot or a pending day, or undefined when the tenant has neither. */
  async firstDay(database: Database, tenantId: string, pending: PendingDays): Promise<string | undefined> {
    const firsts: Array<{ day: string | null }> = await database.query(
      USAGE_METRICS.map(() => 'SELECT MIN(day) AS day FROM usage_daily WHERE tenant_id = ? AND metric = ?').join(' UNION ALL '),
      USAGE_METRICS.flatMap((name) => [tenantId, name]),
    );
    const deltaDays = [...pending.deltas.values()].flatMap((days) => [...days].filter(([, value]) => value !== 0).map(([day]) => day));
    const days = [...firsts.map((row) => row.day), ...pending.rawDays, ...pending.contactDays, ...deltaDays].filter((day): day is string => day !== null);
    return days.length > 0 ? days.reduce((first, day) => (day < first ? day : first)) : undefined;
  }

  /** Lifetime total per metric: monthly snapshots, corrected by the live values of pending days. */
  async lifetimeTotals(database: Database, tenantId: string, zone: string, pending: PendingDays): Promise<Map<UsageMetric, number>> {
    const totals = new Map<UsageMetric, number>(USAGE_METRICS.map((metric) => [metric, 0]));
    const rows: Array<{ metric: UsageMetric; total: number }> = await database.query(
      'SELECT metric, SUM(value) AS total FROM usage_monthly WHERE tenant_id = ? GROUP BY metric',
      [tenantId],
    );
    for (const row of rows) totals.set(row.metric, Number(row.total));
    for (const [metric, days] of pending.deltas) {
      for (const value of days.values()) totals.set(metric, (totals.get(metric) ?? 0) + value);
    }

    // Raw days replace every metric's snapshot, contact days only the contacts.
    for (const [days, contactsOnly] of [[[...pending.rawDays], false], [[...pending.contactDays], true]] as const) {
      if (days.length === 0) continue;
      const settled: Array<{ metric: UsageMetric; value: number }> = await database.query(
        `SELECT metric, value FROM usage_daily WHERE tenant_id = ? AND day IN (${listPlaceholders(days.length)})${contactsOnly ? " AND metric = 'contacts'" : ''}`,
        [tenantId, ...days],
      );
      for (const row of settled) totals.set(row.metric, (totals.get(row.metric) ?? 0) - Number(row.value));
      const { values: fresh } = await aggregateDays(database, tenantId, zone, [...days], { contactsOnly });
      for (const [metric, byDay] of fresh) {
        for (const value of byDay.values()) totals.set(metric, (totals.get(metric) ?? 0) + value);
      }
    }
    return totals;
  }
}
