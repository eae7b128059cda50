import { describeSmtpError } from './smtp-error';
import { retryDelayMs } from './outbox-worker';

describe('retryDelayMs', () => {
  it('doubles from 15 s up to an hour', () => {
    expect([1, 2, 3, 4, 8, 9, 20].map(retryDelayMs)).toEqual([15_000, 30_000, 60_000, 120_000, 1_920_000, 3_600_000, 3_600_000]);
  });
});

describe('describeSmtpError', () => {
  it('keeps codes and hides addresses', () => {
    const error = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 5.1.1 <ops@acme.test>: unknown"), {
      code: 'EENVELOPE',
      responseCode: 550,
    });

    expect(describeSmtpError(error)).toBe("EENVELOPE 550 Can't send mail - all recipients were rejected: 550 5.1.1 <<address>>: unknown");
  });
});
