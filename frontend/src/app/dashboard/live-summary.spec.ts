import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { ReadableStream } from 'node:stream/web';
import { TextDecoder, TextEncoder } from 'node:util';

import { UsageSummary } from '../api/models';
import { AuthService } from '../core/auth.service';
import { LiveSummary, POLL_INTERVAL_MS } from './live-summary';

// jsdom has no fetch, ReadableStream or TextDecoder, so a stub of fetch plays the stream here.
// The end-to-end tests read the real stream from the server.
Object.assign(globalThis, { TextDecoder });

const counter = (thisMonth: number) => ({ thisMonth, lifetime: thisMonth, previousMonthToDate: 0 });
const SUMMARY: UsageSummary = {
  tenantId: 't1',
  timezone: 'Europe/Berlin',
  month: '2026-12',
  asOf: '2026-12-04T10:00:00Z',
  words: counter(10),
  apiRequests: counter(2),
  questions: counter(3),
  contacts: counter(1),
  storage: { usedBytes: 0, quotaBytes: 1e9, percentUsed: 0, byKind: { text: 0, media: 0, other: 0 } },
};

function eventStream(text: string): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      // Left open, as the server keeps a stream open.
    },
  });
}

describe('LiveSummary', () => {
  let live: LiveSummary;
  let backend: HttpTestingController;
  let fetchStub: jest.Mock;

  beforeEach(() => {
    localStorage.setItem(
      'beyondask.session',
      JSON.stringify({ accessToken: 'token-1', expiresAt: Date.now() + 3_600_000, user: { role: 'member', tenantId: 't1' } }),
    );
    fetchStub = jest.fn();
    Object.assign(globalThis, { fetch: fetchStub });

    TestBed.configureTestingModule({
      providers: [LiveSummary, AuthService, provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    live = TestBed.inject(LiveSummary);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    live.stop();
    jest.useRealTimers();
    localStorage.clear();
  });

  const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

  it('reads summaries from the stream with the token', async () => {
    fetchStub.mockResolvedValue({ ok: true, status: 200, body: eventStream(`event: summary\ndata: ${JSON.stringify(SUMMARY)}\n\n`) });

    live.follow('t1');
    await settle();

    expect(fetchStub).toHaveBeenCalledWith(
      '/api/v1/tenants/t1/usage/stream',
      expect.objectContaining({ headers: expect.objectContaining({ Authorization: 'Bearer token-1' }) }),
    );
    expect(live.mode()).toBe('live');
    expect(live.summary()?.questions.thisMonth).toBe(3);
    expect(live.updatedAt()).not.toBeNull();
  });

  it('polls every minute while the stream fails', async () => {
    jest.useFakeTimers({ doNotFake: ['setTimeout'] });
    fetchStub.mockRejectedValue(new TypeError('Failed to fetch'));

    live.follow('t1');
    await settle();

    expect(live.mode()).toBe('polling');
    backend.expectOne('/api/v1/tenants/t1/usage/summary').flush(SUMMARY);
    await settle();

    expect(live.summary()?.words.thisMonth).toBe(10);
    expect(fetchStub).toHaveBeenCalledTimes(1);
  });

  it('tries the stream again after the poll interval', async () => {
    jest.useFakeTimers();
    fetchStub.mockRejectedValue(new TypeError('Failed to fetch'));

    live.follow('t1');
    await jest.advanceTimersByTimeAsync(0);
    backend.expectOne('/api/v1/tenants/t1/usage/summary').flush(SUMMARY);

    await jest.advanceTimersByTimeAsync(POLL_INTERVAL_MS);

    expect(fetchStub).toHaveBeenCalledTimes(2);
    backend.expectOne('/api/v1/tenants/t1/usage/summary').flush({ ...SUMMARY, words: counter(11) });
    await jest.advanceTimersByTimeAsync(0);

    expect(live.summary()?.words.thisMonth).toBe(11);
  });

  it('falls back to polling on an error status', async () => {
    fetchStub.mockResolvedValue({ ok: false, status: 503, body: null });

    live.follow('t1');
    await settle();

    expect(live.mode()).toBe('polling');
    backend.expectOne('/api/v1/tenants/t1/usage/summary').flush(SUMMARY);
  });
});
