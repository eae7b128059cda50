import { BadRequestException } from '@nestjs/common';

import { checkRequestedRange, earliestFrom, pageWindows, resolveRange } from './export-range';

function messageOf(action: () => void): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).message;
  }
  throw new Error('expected a BadRequestException');
}

describe('checkRequestedRange', () => {
  it.each([
    [{ from: '2026-02-30', to: '2026-03-01' }, 'from 2026-02-30 is not a real date; give an existing calendar date as YYYY-MM-DD'],
    [{ from: '2026-01-01', to: '2026-13-01' }, 'to 2026-13-01 is not a real date'],
    [{ to: '2025-02-29' }, 'to 2025-02-29 is not a real date'],
    [{ from: '2026-05-02', to: '2026-05-01' }, 'from 2026-05-02 is after to 2026-05-01; give a from on or before to'],
    [{ from: '2016-01-01', to: '2026-01-01' }, 'is longer than 10 years; export at most 10 years at a time, for example from 2016-01-02'],
    [{ from: '2016-12-04' }, 'The range from 2016-12-04 to 2026-12-04 (today) is longer than 10 years'],
  ])('rejects %j', (range, message) => {
    expect(messageOf(() => checkRequestedRange(range, '2026-12-04'))).toContain(message);
  });

  it.each([
    [{}],
    [{ to: '2026-01-01' }],
    [{ from: '2016-01-01', to: '2025-12-31' }],
    [{ from: '2016-12-05' }],
    [{ from: '2030-01-01' }],
    [{ from: '2026-02-28', to: '2026-02-28' }],
  ])('accepts %j', (range) => {
    expect(() => checkRequestedRange(range, '2026-12-04')).not.toThrow();
  });
});

describe('earliestFrom', () => {
  it('keeps exactly ten years', () => {
    expect(earliestFrom('2025-12-31')).toBe('2016-01-01');
    expect(earliestFrom('2026-02-28')).toBe('2016-02-29');
  });
});

describe('resolveRange', () => {
  it('starts at the first day with data and ends today', () => {
    expect(resolveRange({}, '2026-12-04', '2026-03-15')).toEqual({ from: '2026-03-15', to: '2026-12-04' });
  });

  it('starts at to for a tenant without data', () => {
    expect(resolveRange({}, '2026-12-04', undefined)).toEqual({ from: '2026-12-04', to: '2026-12-04' });
    expect(resolveRange({ to: '2026-06-30' }, '2026-12-04', '2026-08-01')).toEqual({ from: '2026-06-30', to: '2026-06-30' });
  });

  it('limits a default from to ten years', () => {
    expect(resolveRange({ to: '2025-12-31' }, '2026-12-04', '2001-05-05')).toEqual({ from: '2016-01-01', to: '2025-12-31' });
  });

  it('ends a future from at itself', () => {
    expect(resolveRange({ from: '2027-01-10' }, '2026-12-04', undefined)).toEqual({ from: '2027-01-10', to: '2027-01-10' });
  });

  it('keeps dates the caller gave', () => {
    expect(resolveRange({ from: '2026-01-01', to: '2026-01-31' }, '2026-12-04', '2020-01-01')).toEqual({ from: '2026-01-01', to: '2026-01-31' });
  });
});

describe('pageWindows', () => {
  it('splits at month starts and covers every day once', () => {
    expect(pageWindows('2026-01-15', '2026-06-10', 2)).toEqual([
      { from: '2026-01-15', to: '2026-02-28' },
      { from: '2026-03-01', to: '2026-04-30' },
      { from: '2026-05-01', to: '2026-06-10' },
    ]);
  });

  it('returns one window for a single day', () => {
    expect(pageWindows('2026-12-31', '2026-12-31', 24)).toEqual([{ from: '2026-12-31', to: '2026-12-31' }]);
  });
});
