import { toLimitBody } from './limit-form';

describe('toLimitBody', () => {
  it('builds a body from the fields', () => {
    expect(toLimitBody({ monthlyLimit: '10000', thresholds: '100, 80', notifyEmails: 'ops@acme.test; cfo@acme.test' }, 'count')).toEqual({
      body: { monthlyLimit: 10_000, thresholds: [80, 100], notifyEmails: ['ops@acme.test', 'cfo@acme.test'] },
    });
  });

  it('reads storage limits in decimal megabytes', () => {
    expect(toLimitBody({ monthlyLimit: '1500.5', thresholds: '90', notifyEmails: '' }, 'bytes')).toEqual({
      body: { monthlyLimit: 1_500_500_000, thresholds: [90], notifyEmails: [] },
    });
  });

  it('takes 80 and 100 % for empty thresholds', () => {
    expect(toLimitBody({ monthlyLimit: '10', thresholds: ' ', notifyEmails: '' }, 'count')).toEqual({
      body: { monthlyLimit: 10, thresholds: [80, 100], notifyEmails: [] },
    });
  });

  it.each([
    [{ monthlyLimit: '0', thresholds: '80', notifyEmails: '' }, 'Enter the limit as a whole number above 0.'],
    [{ monthlyLimit: '12.5', thresholds: '80', notifyEmails: '' }, 'Enter the limit as a whole number above 0.'],
    [{ monthlyLimit: '10', thresholds: '0, 80', notifyEmails: '' }, 'Enter thresholds as whole percentages from 1 to 1000, separated by commas, such as 80, 100.'],
    [{ monthlyLimit: '10', thresholds: '80, 80', notifyEmails: '' }, 'Each threshold may appear only once.'],
    [{ monthlyLimit: '10', thresholds: '80', notifyEmails: 'ops@acme.test, nobody' }, '"nobody" is not an email address.'],
  ])('explains %p', (form, problem) => {
    expect(toLimitBody(form, 'count')).toEqual({ problem });
  });
});
