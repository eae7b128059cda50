import { DateTime } from 'luxon';

import { DAY_MS, datesBetween, localDayWindow } from '../rollup/calendar';

/** Complete days before today that give a tenant's weekly rhythm. */
export const HISTORY_DAYS = 28;
/** Days with usage needed in that history before weekends are weighted differently from weekdays. */
const MIN_ACTIVE_HISTORY_DAYS = 7;
/** Bounds of a weekend day's weight relative to a weekday, so one odd weekend cannot zero or explode the pace. */
const MIN_WEEKEND_WEIGHT = 0.05;
const MAX_WEEKEND_WEIGHT = 20;
/** Forecast alerts wait for this many days of the month, because the pace of the first day or two swings too much. */
export const MIN_FORECAST_ELAPSED_DAYS = 3;

export interface MonthForecast {
  /** This month's usage extrapolated to the month's end at this month's pace, weighted by weekday and weekend. */
  projectedMonthEnd: number;
  /** Local date (YYYY-MM-DD) on which usage is projected to reach the limit; null when it already has or will not this month. */
  reachDate: string | null;
  /** Days since the month started in the tenant's time zone, with a fraction. */
  elapsedDays: number;
}

/** Saturday and Sunday, for a YYYY-MM-DD calendar date. */
export function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/**
 * Returns how much a weekend day weighs against a weekday: the ratio of the average weekend day to
 * the average weekday over `days`. It is 1 (no difference) while the history has fewer than 7 days
 * with usage, so that a new tenant is extrapolated linearly.
 */
export function weekendWeight(values: Map<string, number> | undefined, days: string[]): number {
  let weekdayTotal = 0;
  let weekdayCount = 0;
  let weekendTotal = 0;
  let weekendCount = 0;
  let activeDays = 0;

  for (const day of days) {
    const value = values?.get(day) ?? 0;
    if (value > 0) activeDays++;
    if (isWeekend(day)) {
      weekendTotal += value;
      weekendCount++;
    } else {
      weekdayTotal += value;
      weekdayCount++;
    }
  }

  if (activeDays < MIN_ACTIVE_HISTORY_DAYS || weekdayCount === 0 || weekendCount === 0) return 1;
  if (weekdayTotal === 0) return MAX_WEEKEND_WEIGHT;
  const ratio = weekendTotal / weekendCount / (weekdayTotal / weekdayCount);
  return Math.min(MAX_WEEKEND_WEIGHT, Math.max(MIN_WEEKEND_WEIGHT, ratio));
}

/**
 * Extrapolates this month's usage to its end. Each day of the month weighs 1, or `weekendDayWeight`
 * on Saturdays and Sundays. The pace is the usage so far divided by the weight that has elapsed.
 * Today counts with the elapsed fraction of its hours, which are 23 or 25 on DST days.
 */
export function forecastMonth(input: { used: number; limit: number; nowMs: number; zone: string; weekendDayWeight: number }): MonthForecast {
  const { used, limit, nowMs, zone, weekendDayWeight } = input;
  const monthStart = DateTime.fromMillis(nowMs, { zone }).startOf('month');
  const lastDay = monthStart.endOf('month').toISODate() as string;
  const elapsedDays = (nowMs - monthStart.toMillis()) / DAY_MS;

  let elapsedWeight = 0;
  let totalWeight = 0;
  const ahead: Array<{ day: string; weight: number }> = [];
  for (const day of datesBetween(monthStart.toISODate() as string, lastDay)) {
    const weight = isWeekend(day) ? weekendDayWeight : 1;
    const { startMs, endMs } = localDayWindow(day, zone);
    const elapsed = Math.min(1, Math.max(0, (nowMs - startMs) / (endMs - startMs)));
    elapsedWeight += weight * elapsed;
    totalWeight += weight;
    if (elapsed < 1) ahead.push({ day, weight: weight * (1 - elapsed) });
  }

  if (used <= 0 || elapsedWeight <= 0) {
    return { projectedMonthEnd: used, reachDate: null, elapsedDays };
  }

  const pace = used / elapsedWeight;
  const projectedMonthEnd = Math.round(pace * totalWeight);
  let reachDate: string | null = null;
  if (used < limit) {
    let cumulative = used;
    for (const { day, weight } of ahead) {
      cumulative += pace * weight;
      // Half a unit of slack matches the rounding of projectedMonthEnd, so the two never disagree.
      if (cumulative >= limit - 0.5) {
        reachDate = day;
        break;
      }
    }
  }
  return { projectedMonthEnd, reachDate, elapsedDays };
}
