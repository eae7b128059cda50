/**
 * ISO 8601 date and time with a zone: Z or an offset such as +05:30, +0530 or +05. Seconds and
 * fractions are optional. Groups: year, month, day, hour, minute, second, fraction, zone sign,
 * zone hours, zone minutes.
 */
const ISO_TIMESTAMP_WITH_ZONE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2})(?::?(\d{2}))?)$/i;

/**
 * Parses an ISO 8601 timestamp that carries its zone and returns milliseconds since the Unix epoch,
 * or a message naming the problem. Each calendar field is range-checked, since Date.parse would take
 * "2026-02-30" as 2 March. Hand-written rather than luxon's DateTime.fromISO because ingestion
 * parses every event, and luxon took about 6 µs per call on the 2-core development machine.
 */
export function parseTimestamp(value: string): number | string {
  const match = ISO_TIMESTAMP_WITH_ZONE.exec(value);
  if (!match) {
    return 'must be an ISO 8601 timestamp with Z or an offset, such as 2026-12-04T10:15:00Z';
  }

  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((group) => Number(group ?? 0));
  const milliseconds = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const zoneSign = match[8] === '-' ? -1 : 1;
  const zoneHours = Number(match[9] ?? 0);
  const zoneMinutes = Number(match[10] ?? 0);

  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) {
    return `${value} is not a real date`;
  }
  if (hour > 23 || minute > 59 || second > 59 || zoneHours > 23 || zoneMinutes > 59) {
    return `${value} is not a real time of day or UTC offset`;
  }

  const offsetMs = zoneSign * (zoneHours * 60 + zoneMinutes) * 60_000;
  return Date.UTC(year, month - 1, day, hour, minute, second, milliseconds) - offsetMs;
}
