import { datesBetween } from '../rollup/calendar';
import { storageByPeriod } from './end-of-day-storage';

describe('storageByPeriod', () => {
  const recorded = new Map([
    ['2026-01-10', 100],
    ['2026-02-03', 250],
    ['2026-03-05', 40],
  ]);

  it('carries days forward between records', () => {
    const { values, carried } = storageByPeriod(recorded, 0, datesBetween('2026-01-09', '2026-03-08'), 'day', '2026-03-06');

    expect(values.get('2026-01-09')).toBe(0);
    expect(values.get('2026-01-10')).toBe(100);
    expect(values.get('2026-02-02')).toBe(100);
    expect(values.get('2026-02-03')).toBe(250);
    expect(values.get('2026-03-06')).toBe(40);
    expect(values.get('2026-03-07')).toBe(0);
    expect(values.size).toBe(59);
    expect(carried).toBe(40);
  });

  it('gives a month its last day, or today for the current month', () => {
    const { values } = storageByPeriod(recorded, 7, datesBetween('2025-12-01', '2026-04-30'), 'month', '2026-03-20');

    expect([...values]).toEqual([
      ['2025-12', 7],
      ['2026-01', 100],
      ['2026-02', 250],
      ['2026-03', 40],
      ['2026-04', 0],
    ]);
  });

  it('starts from the total in force before the dates', () => {
    const { values } = storageByPeriod(new Map(), 900, datesBetween('2026-05-01', '2026-05-02'), 'day', '2026-05-01');

    expect([...values]).toEqual([
      ['2026-05-01', 900],
      ['2026-05-02', 0],
    ]);
  });
});
