import { DateTime } from 'luxon';

import { consecutiveRuns, datesBetween, isoWeekStart, localDateOfSlot, localDatesOfUtcDay, localDayWindow, SLOT_MS } from './calendar';

describe('calendar', () => {
  it('lists dates across a leap day and a year end', () => {
    expect(datesBetween('2028-02-27', '2028-03-01')).toEqual(['2028-02-27', '2028-02-28', '2028-02-29', '2028-03-01']);
    expect(datesBetween('2026-12-31', '2027-01-01')).toEqual(['2026-12-31', '2027-01-01']);
  });

  it.each(['2026-01-01', '2026-03-29', '2026-11-01', '2027-01-03', '2028-02-29'])('finds the ISO week of %s as luxon does', (day) => {
    expect(isoWeekStart(day)).toBe(DateTime.fromISO(day, { zone: 'utc' }).startOf('week').toISODate());
  });

  it.each(['Europe/Berlin', 'Asia/Kolkata', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'])('maps slots to local dates in %s', (zone) => {
    // Two days around the Berlin autumn change, each slot twice so that the second result comes from the cache.
    const first = DateTime.fromISO('2026-10-24T00:00:00Z').toMillis() / SLOT_MS;
    for (let slot = first; slot < first + 192; slot++) {
      const expected = DateTime.fromMillis(slot * SLOT_MS, { zone }).toISODate();
      expect(localDateOfSlot(slot, zone)).toBe(expected);
      expect(localDateOfSlot(slot, zone)).toBe(expected);
    }
  });

  it('makes DST days 23 and 25 hours long', () => {
    const spring = localDayWindow('2026-03-29', 'Europe/Berlin');
    const autumn = localDayWindow('2026-10-25', 'Europe/Berlin');

    expect((spring.endMs - spring.startMs) / 3_600_000).toBe(23);
    expect((autumn.endMs - autumn.startMs) / 3_600_000).toBe(25);
  });

  it('maps a UTC day to the local dates it overlaps', () => {
    const utcDay = Math.floor(Date.UTC(2026, 11, 4) / 86_400_000);

    expect(localDatesOfUtcDay(utcDay, 'UTC')).toEqual(['2026-12-04']);
    expect(localDatesOfUtcDay(utcDay, 'Pacific/Kiritimati')).toEqual(['2026-12-04', '2026-12-05']);
    expect(localDatesOfUtcDay(utcDay, 'Asia/Kolkata')).toEqual(['2026-12-04', '2026-12-05']);
    expect(localDatesOfUtcDay(utcDay, 'Pacific/Pago_Pago')).toEqual(['2026-12-03', '2026-12-04']);
  });

  it('groups consecutive dates', () => {
    expect(consecutiveRuns(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-05'])).toEqual([
      ['2026-02-27', '2026-02-28', '2026-03-01'],
      ['2026-03-05'],
    ]);
  });
});
