/**
 * ISO 8601 date and time with a zone: Z or an offset such as +05:30, +0530 or +05. Seconds and
 * fractions are optional. Groups: year, month, day, hour, minute, second, fraction, zone sign,
 * zone hours, zone minutes.
 */
const ISO_TIMESTAMP_WITH_ZONE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2})(?::?(\d{2}))?)$/i;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/**
 * Parses an ISO 8601 timestamp that carries its zone and returns milliseconds since the Unix epoch,
 * or a message naming the problem. Each calendar field is range-checked, since Date.parse would take
 * "2026-02-30" as 2 March. Hand-written rather than luxon's DateTime.fromISO because ingestion
 * parses every event: luxon took about 6 µs per call on the 2-core development machine, this about 0.3 µs.
 */
export function parseTimestamp(value: string): number | string {
  const match = ISO_TIMESTAMP_WITH_ZONE.exec(value);
  if (!match) {
    return 'must be an ISO 8601 timestamp with Z or an offset, such as 2026-12-04T10:15:00Z';
  }

  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const fraction = match[7];
  // Fractions are cut to whole milliseconds: ".5" is 500 ms, ".123456789" is 123 ms.
  const milliseconds = fraction === undefined ? 0 : Number(fraction.length >= 3 ? fraction.slice(0, 3) : fraction) * 10 ** Math.max(0, 3 - fraction.length);
  const zoneSign = match[8] === '-' ? -1 : 1;
  const zoneHours = match[9] === undefined ? 0 : Number(match[9]);
  const zoneMinutes = match[10] === undefined ? 0 : Number(match[10]);

  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return `${value} is not a real date`;
  }
  if (hour > 23 || minute > 59 || second > 59 || zoneHours > 23 || zoneMinutes > 59) {
    return `${value} is not a real time of day or UTC offset`;
  }

  const offsetMs = zoneSign * (zoneHours * 60 + zoneMinutes) * 60_000;
  return Date.UTC(year, month - 1, day, hour, minute, second, milliseconds) - offsetMs;
}
