import { Settings } from 'luxon';

import { currentMonth, parsePeriod, shiftPeriod, trendRange } from './periods';

describe('periods', () => {
  afterEach(() => {
    Settings.now = () => Date.now();
  });

  it('opens a month from its first to its last day', () => {
    expect(parsePeriod('2024-02')).toEqual({ kind: 'month', period: '2024-02', from: '2024-02-01', to: '2024-02-29' });
  });

  it('opens a week from its Monday to its Sunday', () => {
    expect(parsePeriod('2026-03-02')).toEqual({ kind: 'week', period: '2026-03-02', from: '2026-03-02', to: '2026-03-08' });
  });

  it.each(['2026-13', '2026-03-03', '2026-02-30', 'March', ''])('rejects %p', (period) => {
    expect(parsePeriod(period)).toBeNull();
  });

  it('steps across year ends', () => {
    expect(shiftPeriod(parsePeriod('2026-01')!, -1)).toBe('2025-12');
    expect(shiftPeriod(parsePeriod('2025-12-29')!, 1)).toBe('2026-01-05');
  });

  it('cuts the trend range in the tenant zone', () => {
    // 2026-12-01 02:00 UTC is still 30 November in New York.
    const instant = Date.parse('2026-12-01T02:00:00Z');
    Settings.now = () => instant;

    expect(currentMonth('America/New_York')).toBe('2026-11');
    expect(currentMonth('Europe/Berlin')).toBe('2026-12');
    expect(trendRange('month', 'America/New_York')).toEqual({ from: '2025-11-01', to: '2026-11-30' });
    expect(trendRange('week', 'Europe/Berlin')).toEqual({ from: '2026-06-08', to: '2026-12-01' });
  });
});
