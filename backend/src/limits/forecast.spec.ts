import { DateTime } from 'luxon';

import { datesBetween } from '../rollup/calendar';
import { forecastMonth, isWeekend, weekendWeight } from './forecast';

const at = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toMillis();

describe('forecastMonth', () => {
  it('extrapolates linearly with equal weights', () => {
    // 10 of 30 days of November have elapsed.
    const forecast = forecastMonth({ used: 1000, limit: 5000, nowMs: at('2026-11-11T00:00', 'UTC'), zone: 'UTC', weekendDayWeight: 1 });

    expect(forecast.projectedMonthEnd).toBe(3000);
    expect(forecast.reachDate).toBeNull();
    expect(forecast.elapsedDays).toBe(10);
  });

  it('finds the day the limit is reached', () => {
    // 100 a day: 1000 after 10 days reaches 2000 at the end of 20 November.
    const forecast = forecastMonth({ used: 1000, limit: 2000, nowMs: at('2026-11-11T00:00', 'UTC'), zone: 'UTC', weekendDayWeight: 1 });

    expect(forecast.projectedMonthEnd).toBe(3000);
    expect(forecast.reachDate).toBe('2026-11-20');
  });

  it('counts the elapsed part of today', () => {
    const forecast = forecastMonth({ used: 150, limit: 10_000, nowMs: at('2026-11-02T12:00', 'Europe/Berlin'), zone: 'Europe/Berlin', weekendDayWeight: 1 });

    expect(forecast.projectedMonthEnd).toBe(3000);
    expect(forecast.elapsedDays).toBeCloseTo(1.5, 5);
  });

  it('gives weekend days their weight', () => {
    // December 2026: 23 weekdays and 8 weekend days. By Monday 7 December 00:00, 4 weekdays (1-4)
    // and 2 weekend days have elapsed; with weekends at 0.5 that is 5 units for 500 used.
    const forecast = forecastMonth({ used: 500, limit: 10_000, nowMs: at('2026-12-07T00:00', 'UTC'), zone: 'UTC', weekendDayWeight: 0.5 });

    expect(forecast.projectedMonthEnd).toBe(Math.round(100 * (23 + 8 * 0.5)));
  });

  it('keeps usage when the month has just begun', () => {
    const forecast = forecastMonth({ used: 0, limit: 10, nowMs: at('2026-12-01T00:00', 'Asia/Kolkata'), zone: 'Asia/Kolkata', weekendDayWeight: 1 });

    expect(forecast).toEqual({ projectedMonthEnd: 0, reachDate: null, elapsedDays: 0 });
  });

  it('reports no reach date once the limit is passed', () => {
    const forecast = forecastMonth({ used: 3000, limit: 2000, nowMs: at('2026-11-16T00:00', 'UTC'), zone: 'UTC', weekendDayWeight: 1 });

    expect(forecast.reachDate).toBeNull();
    expect(forecast.projectedMonthEnd).toBe(6000);
  });

  it('reaches the limit on the last day', () => {
    const forecast = forecastMonth({ used: 1000, limit: 3000, nowMs: at('2026-11-11T00:00', 'UTC'), zone: 'UTC', weekendDayWeight: 1 });

    expect(forecast.reachDate).toBe('2026-11-30');
  });
});

describe('weekendWeight', () => {
  const days = datesBetween('2026-11-02', '2026-11-29');

  it('measures weekends against weekdays', () => {
    const values = new Map(days.map((day) => [day, isWeekend(day) ? 25 : 100]));

    expect(weekendWeight(values, days)).toBe(0.25);
  });

  it('stays at 1 with too little history', () => {
    const values = new Map(days.slice(0, 5).map((day) => [day, 100]));

    expect(weekendWeight(values, days)).toBe(1);
    expect(weekendWeight(undefined, days)).toBe(1);
  });

  it('bounds a weekend without usage', () => {
    const values = new Map(days.map((day) => [day, isWeekend(day) ? 0 : 100]));

    expect(weekendWeight(values, days)).toBe(0.05);
  });
});
