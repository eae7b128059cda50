import { DateTime } from 'luxon';

import { DAY_MS } from '../rollup/calendar';

/** How far back the demo history reaches, unless RAW_RETENTION_DAYS is shorter. */
export const DEMO_HISTORY_MONTHS = 13;

/** The launch, as a share of the history: a little after the start of its fourth month. */
const LAUNCH_SHARE = 3.3 / DEMO_HISTORY_MONTHS;
/** Pace on launch day above the baseline, and the days in which that extra pace falls to 1/e. */
const LAUNCH_SPIKE = 1.8;
const LAUNCH_DECAY_DAYS = 5;

/** One local calendar day of a tenant. */
export interface DemoDay {
  /** YYYY-MM-DD in the tenant's time zone. */
  date: string;
  /** ISO weekday: 1 is Monday, 7 is Sunday. */
  weekday: number;
  /** Start of each local hour, in epoch milliseconds; 23 or 25 real hours on DST days. */
  hourStartsMs: number[];
  endMs: number;
}

/**
 * Returns the first instant of the demo history: local midnight 13 months before `nowMs`, or a
 * day inside the retention window when RAW_RETENTION_DAYS is shorter, because ingestion rejects
 * older events.
 */
export function demoHistoryStartMs(nowMs: number, zone: string, retentionDays: number): number {
  const thirteenMonthsAgo = DateTime.fromMillis(nowMs, { zone }).minus({ months: DEMO_HISTORY_MONTHS }).startOf('day').toMillis();
  // One day of margin, for the minutes between generating and posting.
  const oldestAcceptedMs = nowMs - (retentionDays - 1) * DAY_MS;
  return Math.max(thirteenMonthsAgo, oldestAcceptedMs);
}

/** Lists the local days from the one containing `fromMs` to the one containing `nowMs`. */
export function demoDays(fromMs: number, nowMs: number, zone: string): DemoDay[] {
  const days: DemoDay[] = [];
  const last = DateTime.fromMillis(nowMs, { zone }).startOf('day');

  for (let day = DateTime.fromMillis(fromMs, { zone }).startOf('day'); day <= last; day = day.plus({ days: 1 })) {
    const startMs = day.toMillis();
    const endMs = day.plus({ days: 1 }).toMillis();
    const hourStartsMs: number[] = [];
    for (let hour = 0; hour < 24; hour++) {
      // Only days with a DST change need luxon, which moves a skipped hour to the next valid instant.
      hourStartsMs.push(endMs - startMs === DAY_MS ? startMs + hour * 3_600_000 : day.set({ hour }).toMillis());
    }
    days.push({ date: day.toISODate() as string, weekday: day.weekday, hourStartsMs, endMs });
  }
  return days;
}

/**
 * Returns the business pace of a day, 1 being the last day of the history: a quiet beta, a launch
 * spike a little after the start of month 4 that fades within two weeks, then steady growth.
 */
export function growthPace(dayIndex: number, dayCount: number): number {
  const launchDay = Math.round(dayCount * LAUNCH_SHARE);
  if (dayIndex < launchDay) {
    return 0.12 + (0.1 * dayIndex) / launchDay;
  }

  const daysSinceLaunch = dayIndex - launchDay;
  const growth = daysSinceLaunch / Math.max(1, dayCount - 1 - launchDay);
  const spike = LAUNCH_SPIKE * Math.exp(-daysSinceLaunch / LAUNCH_DECAY_DAYS);
  return 0.35 + 0.65 * growth + spike;
}
