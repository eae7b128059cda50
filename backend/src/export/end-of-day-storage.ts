import { Granularity, periodOf } from '../usage/usage-periods';

/**
 * Storage in bytes per period, from end-of-day totals. A day shows the total of the latest recorded
 * day on or before it: storage only changes on days with storage events, and the rollup records
 * only those days. A month shows its last day, or today for the current month.
 * Days before the first record and days after `today` show 0.
 *
 * `before` is the total in force when `dates` start; `carried` is the one in force after them.
 */
export function storageByPeriod(
  recorded: Map<string, number>,
  before: number,
  dates: string[],
  unit: Granularity,
  today: string,
): { values: Map<string, number>; carried: number } {
  const values = new Map<string, number>();
  let current = before;
  for (const day of dates) {
    current = recorded.get(day) ?? current;
    const period = periodOf(day, unit);
    // A later day of the same period replaces the value, so a month ends with its last day up to today.
    if (day <= today) values.set(period, current);
    else if (!values.has(period)) values.set(period, 0);
  }
  return { values, carried: current };
}
