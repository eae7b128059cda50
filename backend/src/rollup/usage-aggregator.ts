import { DataSource, EntityManager } from 'typeorm';

import { isSqlite } from '../database/sql';
import { UsageMetric } from '../usage/entities/usage-daily.entity';
import { consecutiveRuns, localDateOfSlot, localDayWindow, SLOT_MS } from './calendar';

/** Raw event type counted by each metric that comes from usage_events. */
const RAW_METRICS: Record<string, UsageMetric> = { words: 'words', api_request: 'apiRequests', question: 'questions' };

export type DailyValues = Map<UsageMetric, Map<string, number>>;

function add(values: DailyValues, metric: UsageMetric, day: string, amount: number): void {
  let days = values.get(metric);
  if (!days) {
    days = new Map();
    values.set(metric, days);
  }
  days.set(day, (days.get(day) ?? 0) + amount);
}

/**
 * Computes words, API requests, questions and new contacts per local day straight from the raw
 * tables, for the given days only, or with `contactsOnly` just the new contacts. SQL sums 15-minute
 * slots; each slot then lands on the local day that contains it. Returns the values and the number
 * of raw events read.
 */
export async function aggregateDays(
  database: DataSource | EntityManager,
  tenantId: string,
  zone: string,
  days: string[],
  options: { contactsOnly?: boolean } = {},
): Promise<{ values: DailyValues; events: number }> {
  const values: DailyValues = new Map();
  const requestedDays = new Set(days);
  const mysql = !isSqlite(database);
  const slot = (column: string) => (mysql ? `${column} DIV ${SLOT_MS}` : `${column} / ${SLOT_MS}`);
  let events = 0;

  for (const run of consecutiveRuns([...requestedDays].sort())) {
    const startMs = localDayWindow(run[0], zone).startMs;
    const endMs = localDayWindow(run[run.length - 1], zone).endMs;

    const usage: Array<{ type: string; slot: number; total: number; events: number }> = options.contactsOnly ? [] : await database.query(
      `SELECT type, ${slot('occurred_at_ms')} AS slot, SUM(quantity) AS total, COUNT(*) AS events
       FROM usage_events
       WHERE tenant_id = ? AND occurred_at_ms >= ? AND occurred_at_ms < ? AND type IN ('words', 'api_request', 'question')
       GROUP BY type, ${slot('occurred_at_ms')}`,
      [tenantId, startMs, endMs],
    );
    for (const row of usage) {
      const day = localDateOfSlot(Number(row.slot), zone);
      if (requestedDays.has(day)) add(values, RAW_METRICS[row.type], day, Number(row.total));
      events += Number(row.events);
    }

    const contacts: Array<{ slot: number; total: number }> = await database.query(
      `SELECT ${slot('first_captured_ms')} AS slot, COUNT(*) AS total
       FROM contacts
       WHERE tenant_id = ? AND first_captured_ms >= ? AND first_captured_ms < ?
       GROUP BY ${slot('first_captured_ms')}`,
      [tenantId, startMs, endMs],
    );
    for (const row of contacts) {
      const day = localDateOfSlot(Number(row.slot), zone);
      if (requestedDays.has(day)) add(values, 'contacts', day, Number(row.total));
    }
  }

  return { values, events };
}
