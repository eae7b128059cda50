import { DateTime } from 'luxon';

import { AlertFacts, composeAlert, formatAmount } from './alert-email';

const FACTS: AlertFacts = {
  kind: 'threshold',
  tenantName: 'Acme <b>&</b> Co',
  metric: 'questions',
  thresholds: [80],
  used: 8000,
  limit: 10_000,
  percentUsed: 80,
  projectedMonthEnd: 12_400,
  reachDate: null,
  resetsAt: DateTime.fromISO('2027-01-01T00:00', { zone: 'Europe/Berlin' }),
  dashboardUrl: 'https://metrics.example.com/tenants/t1/limits',
};

describe('composeAlert', () => {
  it('writes subject and plain text with formatted numbers', () => {
    const message = composeAlert(FACTS);

    expect(message.subject).toBe('BeyondAsk: questions at 80 % of your monthly limit');
    expect(message.text).toContain('has used 8,000 questions this month, 80.00 % of its monthly limit of 10,000 questions.');
    expect(message.text).toContain('It has reached the alert threshold of 80 %.');
    expect(message.text).toContain('uses about 12,400 questions by the end of the month');
    expect(message.text).toContain('The limit resets on 1 January 2027 at 00:00 (Europe/Berlin).');
    expect(message.text).toContain('Limits in the dashboard: https://metrics.example.com/tenants/t1/limits');
  });

  it('escapes the tenant name in HTML only', () => {
    const message = composeAlert(FACTS);

    expect(message.html).toContain('Acme &lt;b&gt;&amp;&lt;/b&gt; Co has used');
    expect(message.html).not.toContain('<b>&</b>');
    expect(message.text).toContain('Acme <b>&</b> Co has used');
    expect(message.html).toContain('href="https://metrics.example.com/tenants/t1/limits"');
  });

  it('names every threshold of a combined alert and leads with the highest', () => {
    const message = composeAlert({ ...FACTS, thresholds: [100, 80], used: 10_500, percentUsed: 105 });

    expect(message.subject).toBe('BeyondAsk: questions at 100 % of your monthly limit');
    expect(message.text).toContain('It has reached the alert thresholds of 80 % and 100 %.');
  });

  it('writes a forecast with the day the limit is reached', () => {
    const message = composeAlert({ ...FACTS, kind: 'forecast', thresholds: [], used: 6000, percentUsed: 60, reachDate: '2026-12-23' });

    expect(message.subject).toBe('BeyondAsk: questions on track to reach your monthly limit on 23 December');
    expect(message.text).toContain('reaches the limit on 23 December and uses about 12,400 questions by the end of the month');
    expect(message.title).toBe('questions on track to reach the monthly limit on 23 December');
  });

  it('adds the reach date to a threshold alert', () => {
    const message = composeAlert({ ...FACTS, reachDate: '2026-12-05', projectedMonthEnd: 63_000 });

    expect(message.subject).toBe('BeyondAsk: questions at 80 % of your monthly limit');
    expect(message.text).toContain('reaches the limit on 5 December and uses about 63,000 questions by the end of the month');
  });

  it('shows storage in decimal units without a monthly reset', () => {
    const message = composeAlert({ ...FACTS, metric: 'storageBytes', used: 812_000_000, limit: 1_000_000_000, percentUsed: 81.2, resetsAt: null });

    expect(message.subject).toBe('BeyondAsk: storage at 80 % of your limit');
    expect(message.text).toContain('stores 812 MB (812,000,000 bytes), 81.20 % of its storage limit of 1 GB (1,000,000,000 bytes).');
    expect(message.text).toContain('does not reset at the end of the month');
  });
});

describe('formatAmount', () => {
  it.each([
    ['words', 1_234_567, '1,234,567 words'],
    ['apiRequests', 1, '1 API requests'],
    ['storageBytes', 999, '999 bytes'],
    ['storageBytes', 1_500_000_000, '1.5 GB (1,500,000,000 bytes)'],
  ] as const)('formats %s %d', (metric, value, expected) => {
    expect(formatAmount(metric, value)).toBe(expected);
  });
});
