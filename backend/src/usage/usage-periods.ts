import { BadRequestException } from '@nestjs/common';
import { DateTime } from 'luxon';

import { isoWeekStart } from '../rollup/calendar';

export type Granularity = 'day' | 'week' | 'month';

/** First and last day (YYYY-MM-DD) of the periods that touch a range, and how many periods those are. */
export interface PeriodBounds {
  rangeStart: string;
  rangeEnd: string;
  periods: number;
}

/**
 * Parses a YYYY-MM-DD query value that the DTO has already checked for its form, or throws 400 when
 * the date does not exist (2026-02-30).
 */
export function parseQueryDate(name: string, value: string): DateTime {
  const date = DateTime.fromISO(value, { zone: 'utc' });
  if (!date.isValid) {
    throw new BadRequestException(`${name} ${value} is not a real date; give an existing calendar date as YYYY-MM-DD`);
  }
  return date;
}

/** Throws 400 unless `from` and `to` are real dates with `from` on or before `to`. */
export function checkDateRange(from: string, to: string): void {
  parseQueryDate('from', from);
  parseQueryDate('to', to);
  if (from > to) {
    throw new BadRequestException(`from ${from} is after to ${to}; give a from on or before to`);
  }
}

/** Returns the bounds of the days, ISO weeks or months that touch [from, to]. */
export function periodBounds(from: string, to: string, unit: Granularity): PeriodBounds {
  const first = DateTime.fromISO(from, { zone: 'utc' }).startOf(unit);
  const last = DateTime.fromISO(to, { zone: 'utc' }).startOf(unit);
  return {
    rangeStart: first.toISODate()!,
    rangeEnd: last.endOf(unit).toISODate()!,
    periods: Math.round(last.diff(first, `${unit}s`).get(`${unit}s`)) + 1,
  };
}

/** Returns the label of the period that contains a day: the day, the Monday of its ISO week, or YYYY-MM. */
export function periodOf(day: string, unit: Granularity): string {
  if (unit === 'week') return isoWeekStart(day);
  if (unit === 'month') return day.slice(0, 7);
  return day;
}

/** Sums daily values into the periods of `dates` (consecutive days covering whole periods), in order and with zeros. */
export function totalsByPeriod(days: Map<string, number> | undefined, dates: string[], unit: Granularity): Map<string, number> {
  const totals = new Map<string, number>();
  if (unit === 'day') {
    for (const day of dates) totals.set(day, days?.get(day) ?? 0);
    return totals;
  }

  for (const day of dates) {
    const period = periodOf(day, unit);
    totals.set(period, (totals.get(period) ?? 0) + (days?.get(day) ?? 0));
  }
  return totals;
}
