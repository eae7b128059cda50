import { Logger } from '@nestjs/common';

import { chunk } from '../database/sql';
import { EventIssueDto, IngestResponseDto } from '../events/dto/ingest.dto';
import { DemoEvent } from './demo-event';

/** Attempts per batch. Responses 429 and 503 and network errors are retried. */
const MAX_ATTEMPTS = 10;
/** Wait before retrying a network error or a response without Retry-After, in seconds. */
const DEFAULT_RETRY_SECONDS = 1;
/**
 * Window in which at most `requestsPerSecond` requests start. The server counts per second, and
 * the extra 50 ms keep requests that reach it a little late or early within its count.
 */
const RATE_WINDOW_MS = 1050;

export interface DemoEventSenderOptions {
  /** Root URL of the running server, such as http://127.0.0.1:3000. */
  baseUrl: string;
  apiKey: string;
  /** Tenant of the key, for the log lines. */
  tenantId: string;
  /** Requests this key may start per second: the server's INGEST_RATE_LIMIT. */
  requestsPerSecond: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Events per request, at most 1000. */
  batchSize: number;
}

/** Totals of the server's responses over all batches. */
export interface IngestTotals {
  accepted: number;
  duplicates: number;
  rejected: number;
  warnings: number;
  /** Requests sent again after a 429, a 503 or a network error. */
  retries: number;
}

const sleep = (milliseconds: number) => new Promise((wake) => setTimeout(wake, milliseconds));

/**
 * Posts events to `POST /api/v1/events` the way an agent does: in batches, a few requests at a time,
 * within the rate limit of the key, and again after Retry-After when the server responds 429.
 * Resending is safe because the server counts each event id once.
 */
export class DemoEventSender {
  private readonly logger = new Logger(DemoEventSender.name);
  /** Start times of the requests within the last RATE_WINDOW_MS, oldest first. */
  private readonly recentStartsMs: number[] = [];

  constructor(private readonly options: DemoEventSenderOptions) {}

  /** Posts the events in order of their batches and calls `onProgress` with the events posted so far. */
  async send(events: DemoEvent[], onProgress: (posted: number) => void = () => undefined): Promise<IngestTotals> {
    const batches = chunk(events, this.options.batchSize);
    const totals: IngestTotals = { accepted: 0, duplicates: 0, rejected: 0, warnings: 0, retries: 0 };
    let nextBatch = 0;
    let posted = 0;
    let failed = false;

    const worker = async () => {
      while (nextBatch < batches.length && !failed) {
        const index = nextBatch++;
        const response = await this.postBatch(batches[index], index, totals).catch((error: Error) => {
          failed = true;
          throw error;
        });
        this.add(totals, response, index);
        posted += batches[index].length;
        onProgress(posted);
      }
    };

    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, batches.length) }, worker));
    return totals;
  }

  private add(totals: IngestTotals, response: IngestResponseDto, batchIndex: number): void {
    totals.accepted += response.accepted;
    totals.duplicates += response.duplicates;
    totals.rejected += response.rejected.length;
    totals.warnings += response.warnings.length;
    if (response.rejected.length > 0) {
      const first: EventIssueDto = response.rejected[0];
      this.logger.warn(
        { tenantId: this.options.tenantId, batchIndex, rejected: response.rejected.length, eventId: first.id, reason: first.message },
        'The server rejected demo events',
      );
    }
  }

  private async postBatch(events: DemoEvent[], batchIndex: number, totals: IngestTotals): Promise<IngestResponseDto> {
    const body = JSON.stringify({ events });
    for (let attempt = 1; ; attempt++) {
      await this.waitForRateLimit();

      let retryAfterSeconds = DEFAULT_RETRY_SECONDS;
      let problem: string;
      try {
        const response = await fetch(`${this.options.baseUrl}/api/v1/events`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-API-Key': this.options.apiKey },
          body,
        });
        if (response.ok) {
          return (await response.json()) as IngestResponseDto;
        }
        problem = `status ${response.status}: ${await response.text()}`;
        if (response.status !== 429 && response.status !== 503) {
          throw new Error(`POST /api/v1/events failed with ${problem}`);
        }
        retryAfterSeconds = Number(response.headers.get('retry-after')) || DEFAULT_RETRY_SECONDS;
      } catch (error) {
        // fetch raises TypeError for network errors; anything else is final.
        if (!(error instanceof TypeError)) throw error;
        problem = error.message;
      }

      if (attempt >= MAX_ATTEMPTS) {
        throw new Error(`POST /api/v1/events failed ${MAX_ATTEMPTS} times for batch ${batchIndex}; last failure: ${problem}`);
      }
      totals.retries++;
      // The first retry is a warning; later ones are counted in the totals and logged at debug level.
      const level = totals.retries === 1 ? 'warn' : 'debug';
      this.logger[level]({ tenantId: this.options.tenantId, batchIndex, attempt, retryAfterSeconds, problem }, 'Retrying a batch of demo events');
      await sleep(retryAfterSeconds * 1000);
    }
  }

  /** Waits until starting one more request keeps this key within its requests per second. */
  private async waitForRateLimit(): Promise<void> {
    for (;;) {
      const nowMs = Date.now();
      while (this.recentStartsMs.length > 0 && this.recentStartsMs[0] <= nowMs - RATE_WINDOW_MS) {
        this.recentStartsMs.shift();
      }
      if (this.recentStartsMs.length < this.options.requestsPerSecond) {
        this.recentStartsMs.push(nowMs);
        return;
      }
      await sleep(this.recentStartsMs[0] + RATE_WINDOW_MS - nowMs);
    }
  }
}
