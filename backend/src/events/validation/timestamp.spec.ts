import { DateTime } from 'luxon';

import { parseTimestamp } from './timestamp';

describe('parseTimestamp', () => {
  it.each([
    '2026-12-04T10:15:00Z',
    '2026-12-04T10:15Z',
    '2026-12-04T10:15:00.5Z',
    '2026-12-04T10:15:00.12Z',
    '2026-12-04T10:15:00.123456789Z',
    '2026-12-04T10:15:00+05:30',
    '2026-12-04T10:15:00-0800',
    '2026-12-04T10:15:00+14',
    '2028-02-29T23:59:59-12:00',
    '2026-03-29T01:30:00+01:00',
  ])('agrees with luxon on %s', (value) => {
    expect(parseTimestamp(value)).toBe(DateTime.fromISO(value, { setZone: true }).toMillis());
  });

  it.each([
    ['2026-12-04T10:15:00', 'must be an ISO 8601 timestamp with Z or an offset'],
    ['2026-12-04 10:15:00Z', 'must be an ISO 8601 timestamp with Z or an offset'],
    ['12/04/2026', 'must be an ISO 8601 timestamp with Z or an offset'],
    ['2026-02-30T10:00:00Z', 'is not a real date'],
    ['2026-02-29T10:00:00Z', 'is not a real date'],
    ['2026-13-01T10:00:00Z', 'is not a real date'],
    ['2026-12-00T10:00:00Z', 'is not a real date'],
    ['2026-12-04T24:00:00Z', 'is not a real time of day or UTC offset'],
    ['2026-12-04T10:60:00Z', 'is not a real time of day or UTC offset'],
    ['2026-12-04T10:00:60Z', 'is not a real time of day or UTC offset'],
    ['2026-12-04T10:00:00+24:00', 'is not a real time of day or UTC offset'],
  ])('rejects %s', (value, message) => {
    expect(parseTimestamp(value)).toEqual(expect.stringContaining(message));
  });
});
