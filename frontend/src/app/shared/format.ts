/** Number, size and period formatting in the browser's locale. */

const exact = new Intl.NumberFormat(undefined);
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** Bytes per decimal unit: the dashboard labels 10^6 bytes MB and 10^9 bytes GB. */
export const MB = 1_000_000;
export const GB = 1_000_000_000;

export function formatCount(value: number): string {
  return exact.format(value);
}

/** Short form for cards: 12.3K, 4.5M. */
export function formatCompact(value: number): string {
  return compact.format(value);
}

/** Decimal megabytes below 1 GB, gigabytes above: "512.4 MB", "1.25 GB". */
export function formatBytes(bytes: number): string {
  if (bytes >= GB) return `${twoDecimals.format(bytes / GB)} GB`;
  return `${oneDecimal.format(bytes / MB)} MB`;
}

export function formatPercent(percent: number): string {
  return `${oneDecimal.format(percent)} %`;
}

export type Trend = 'up' | 'down' | 'flat';

/** Describes the change of `current` against `previous` as a card shows it: "+12 % vs last month". */
export function changeVsLastMonth(current: number, previous: number): { text: string; trend: Trend } {
  if (previous === 0) {
    return current === 0 ? { text: 'Same as last month', trend: 'flat' } : { text: 'New since last month', trend: 'up' };
  }

  const change = ((current - previous) / previous) * 100;
  const rounded = Math.round(change);
  if (rounded === 0) return { text: 'Same as last month', trend: 'flat' };

  const sign = rounded > 0 ? '+' : '−';
  return { text: `${sign}${exact.format(Math.abs(rounded))} % vs last month`, trend: rounded > 0 ? 'up' : 'down' };
}

const monthLabel = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
const dayLabel = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const longDayLabel = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/**
 * Returns the label of an API period: "Mar 2026" for YYYY-MM, "Mar 2" for a day or a week's Monday.
 * Periods are calendar dates of the tenant's zone, so they are formatted as UTC dates to keep the day.
 */
export function formatPeriod(period: string, style: 'short' | 'long' = 'short'): string {
  if (/^\d{4}-\d{2}$/.test(period)) return monthLabel.format(new Date(`${period}-01T00:00:00Z`));
  const date = new Date(`${period}T00:00:00Z`);
  return style === 'long' ? longDayLabel.format(date) : dayLabel.format(date);
}
