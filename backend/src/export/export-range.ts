import { BadRequestException } from '@nestjs/common';
import { DateTime } from 'luxon';

import { checkDateRange, parseQueryDate } from '../usage/usage-periods';

/** Maximum range of one export, in years; a longer request gets 400. */
export const MAX_EXPORT_YEARS = 10;

/** Calendar months read from the database at a time for one tenant, so that memory stays flat for any range. */
export const PAGE_MONTHS = 24;

/** The dates a caller gave; either may be missing. */
export interface RequestedRange {
  from?: string;
  to?: string;
}

/** First and last day (YYYY-MM-DD), both included. */
export interface DateRange {
  from: string;
  to: string;
}

function laterDay(first: string, second: string): string {
  return first > second ? first : second;
}

function earlierDay(first: string, second: string): string {
  return first < second ? first : second;
}

/** Returns today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(zone: string): string {
  return DateTime.now().setZone(zone).toISODate()!;
}

/** Returns the earliest `from` that keeps the range ending at `to` within MAX_EXPORT_YEARS. */
export function earliestFrom(to: string): string {
  return DateTime.fromISO(to, { zone: 'utc' }).minus({ years: MAX_EXPORT_YEARS }).plus({ days: 1 }).toISODate()!;
}

/**
 * Throws 400 unless the given dates exist, `from` is not after `to`, and the range spans at most
 * MAX_EXPORT_YEARS. A missing `to` stands for `latestToday`, the latest date that any exported
 * tenant can have as today, so that no tenant's range fails once rows are streaming.
 */
export function checkRequestedRange(range: RequestedRange, latestToday: string): void {
  if (range.to !== undefined) parseQueryDate('to', range.to);
  if (range.from === undefined) return;

  const to = range.to ?? laterDay(latestToday, range.from);
  checkDateRange(range.from, to);
  if (range.from < earliestFrom(to)) {
    const toLabel = range.to === undefined ? `${to} (today)` : to;
    throw new BadRequestException(
      `The range from ${range.from} to ${toLabel} is longer than ${MAX_EXPORT_YEARS} years; export at most ${MAX_EXPORT_YEARS} years at a time, for example from ${earliestFrom(to)}`,
    );
  }
}

/**
 * Fills in the dates a caller left out, for one tenant: `to` defaults to the tenant's today (or to
 * `from` when that lies in the future), `from` to the tenant's first day with data, limited to
 * MAX_EXPORT_YEARS before `to`. A tenant without data starts at `to`.
 */
export function resolveRange(range: RequestedRange, today: string, firstDataDay: string | undefined): DateRange {
  const to = range.to ?? laterDay(today, range.from ?? today);
  const from = range.from ?? laterDay(earlierDay(firstDataDay ?? to, to), earliestFrom(to));
  return { from, to };
}

/**
 * Splits [start, end] into windows of up to `months` calendar months. Every window but the first
 * starts on the first of a month, so a month never spans two windows.
 */
export function pageWindows(start: string, end: string, months: number): DateRange[] {
  const windows: DateRange[] = [];
  let windowStart = DateTime.fromISO(start, { zone: 'utc' });
  while (windowStart.toISODate()! <= end) {
    const windowEnd = windowStart.startOf('month').plus({ months }).minus({ days: 1 }).toISODate()!;
    windows.push({ from: windowStart.toISODate()!, to: earlierDay(windowEnd, end) });
    windowStart = DateTime.fromISO(windowEnd, { zone: 'utc' }).plus({ days: 1 });
  }
  return windows;
}
