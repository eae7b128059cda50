import { changeVsLastMonth, formatBytes, formatCompact, formatCount, formatPeriod } from './format';

// The test runner's locale is en-US, so the expected strings use its separators.
describe('format', () => {
  it('separates thousands', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });

  it('shortens card values', () => {
    expect(formatCompact(12_345)).toBe('12.3K');
    expect(formatCompact(999)).toBe('999');
    expect(formatCompact(4_560_000)).toBe('4.6M');
  });

  it.each([
    [0, '0 MB'],
    [1_500_000, '1.5 MB'],
    [999_000_000, '999 MB'],
    [1_000_000_000, '1 GB'],
    [1_234_567_890, '1.23 GB'],
  ])('shows %d bytes as %s in decimal units', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });

  it.each([
    [112, 100, '+12 % vs last month', 'up'],
    [50, 100, '−50 % vs last month', 'down'],
    [100, 100, 'Same as last month', 'flat'],
    [0, 0, 'Same as last month', 'flat'],
    [5, 0, 'New since last month', 'up'],
  ])('compares %d with %d as "%s"', (current, previous, text, trend) => {
    expect(changeVsLastMonth(current, previous)).toEqual({ text, trend });
  });

  it('labels months, weeks and days without shifting the date', () => {
    expect(formatPeriod('2026-03')).toBe('Mar 2026');
    expect(formatPeriod('2026-03-02')).toBe('Mar 2');
    expect(formatPeriod('2026-01-01', 'long')).toBe('Thu, Jan 1, 2026');
  });
});
