import { Injectable, Logger, MessageEvent } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { filter, Observable, share, Subscription } from 'rxjs';

import { UsageChanges } from './usage-changes.service';
import { UsageService } from './usage.service';

/** Minimum time between two summaries of one tenant, across all its streams. */
const MIN_INTERVAL_MS = 1000;
/** A comment line this often keeps proxies from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

/**
 * Server-Sent Events of a tenant's usage summary. Each new stream gets the current summary at once.
 * After that, all streams of a tenant share one summary per change, computed at most once a second.
 */
@Injectable()
export class UsageStreamService {
  private readonly logger = new Logger(UsageStreamService.name);
  private readonly streams = new Map<string, Observable<MessageEvent>>();

  constructor(
    private readonly usageService: UsageService,
    private readonly usageChanges: UsageChanges,
  ) {}

  streamFor(tenantId: string): Observable<MessageEvent> {
    const shared = this.streams.get(tenantId) ?? this.createStream(tenantId);
    this.streams.set(tenantId, shared);

    // Each new stream starts with the current summary, even when the shared one has nothing new.
    return new Observable<MessageEvent>((subscriber) => {
      this.usageService
        .summary(tenantId)
        .then((summary) => subscriber.next({ type: 'summary', data: summary }))
        .catch((error: Error) => this.logger.error({ err: error, tenantId }, 'Failed to compute the first summary of a stream'));
      const keepalive = setInterval(() => subscriber.next({ type: 'keepalive', data: '' }), KEEPALIVE_MS);
      const subscription = shared.subscribe(subscriber);
      return () => {
        clearInterval(keepalive);
        subscription.unsubscribe();
      };
    });
  }

  private createStream(tenantId: string): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      let lastSentAt = 0;
      let lastDigest = '';
      let timer: NodeJS.Timeout | undefined;

      const send = async () => {
        timer = undefined;
        try {
          const summary = await this.usageService.summary(tenantId);
          const numbers = JSON.stringify({ ...summary, asOf: undefined });
          const digest = createHash('sha256').update(numbers).digest('base64url');
          if (digest !== lastDigest) {
            lastDigest = digest;
            lastSentAt = Date.now();
            subscriber.next({ type: 'summary', data: summary });
          }
        } catch (error) {
          this.logger.error({ err: error, tenantId }, 'Failed to compute a usage summary for live streams');
        }
      };
      const schedule = () => {
        if (timer) return;
        timer = setTimeout(() => void send(), Math.max(0, lastSentAt + MIN_INTERVAL_MS - Date.now()));
      };

      const changes: Subscription = this.usageChanges
        .changes()
        .pipe(filter((changedTenantId) => changedTenantId === tenantId))
        .subscribe(schedule);
      return () => {
        changes.unsubscribe();
        clearTimeout(timer);
        this.streams.delete(tenantId);
      };
    }).pipe(share());
  }
}
