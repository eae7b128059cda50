import { DateTime } from 'luxon';

import { Granularity } from '../api/models';

/** A calendar range of the API: inclusive YYYY-MM-DD dates in the tenant's time zone. */
export interface DateRange {
  from: string;
  to: string;
}

/** A month (YYYY-MM) or an ISO week (its Monday, YYYY-MM-DD), as the drilldown page opens it. */
export interface DrilldownPeriod extends DateRange {
  kind: 'month' | 'week';
  period: string;
}

const DATE = 'yyyy-MM-dd';

export function todayIn(zone: string): DateTime {
  return DateTime.now().setZone(zone);
}

/** Returns the range of the trend charts: 13 months, or 26 ISO weeks, up to today. */
export function trendRange(granularity: Exclude<Granularity, 'day'>, zone: string): DateRange {
  const today = todayIn(zone);
  const from =
    granularity === 'month' ? today.startOf('month').minus({ months: 12 }) : today.startOf('week').minus({ weeks: 25 });
  return { from: from.toFormat(DATE), to: today.toFormat(DATE) };
}

/** Returns the current month of the zone as YYYY-MM. */
export function currentMonth(zone: string): string {
  return todayIn(zone).toFormat('yyyy-MM');
}

/** Reads a drilldown period; null when it is neither a real month nor a Monday. */
export function parsePeriod(period: string): DrilldownPeriod | null {
  if (/^\d{4}-\d{2}$/.test(period)) {
    const month = DateTime.fromFormat(period, 'yyyy-MM', { zone: 'utc' });
    if (!month.isValid) return null;
    return { kind: 'month', period, from: month.toFormat(DATE), to: month.endOf('month').toFormat(DATE) };
  }

  if (/^\d{4}-\d{2}-\d{2}$/.test(period)) {
    const monday = DateTime.fromFormat(period, DATE, { zone: 'utc' });
    if (!monday.isValid || monday.weekday !== 1) return null;
    return { kind: 'week', period, from: period, to: monday.plus({ days: 6 }).toFormat(DATE) };
  }

  return null;
}

/** Returns the month or week before (`step` -1) or after (`step` 1) the given one. */
export function shiftPeriod(period: DrilldownPeriod, step: number): string {
  if (period.kind === 'month') {
    return DateTime.fromFormat(period.period, 'yyyy-MM', { zone: 'utc' }).plus({ months: step }).toFormat('yyyy-MM');
  }
  return DateTime.fromFormat(period.period, DATE, { zone: 'utc' }).plus({ weeks: step }).toFormat(DATE);
}
