import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import Redis from 'ioredis';
import { Observable, Subject } from 'rxjs';

import { Environment } from '../config/environment';

const CHANNEL = 'beyondask:usage-changed';

/**
 * Tells live streams which tenants' usage changed. In one process it is an in-memory subject. With
 * REDIS_URL every instance publishes to and listens on one Redis channel, so a change ingested on
 * one instance reaches the streams of all.
 */
@Injectable()
export class UsageChanges implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(UsageChanges.name);
  private readonly changed = new Subject<string>();
  private publisher?: Redis;
  private subscriber?: Redis;

  constructor(private readonly config: ConfigService<Environment, true>) {}

  async onModuleInit(): Promise<void> {
    const url = this.config.get('REDIS_URL', { infer: true });
    if (!url) return;

    this.publisher = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.subscriber = new Redis(url, { maxRetriesPerRequest: null });
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (error) => this.logger.warn({ err: error }, 'Redis connection for live updates failed; retrying'));
    }
    this.subscriber.on('message', (_channel: string, tenantId: string) => this.changed.next(tenantId));
    await this.subscriber.subscribe(CHANNEL);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.publisher?.quit(), this.subscriber?.quit()].map((quit) => quit?.catch(() => undefined)));
    this.changed.complete();
  }

  /** Announces that these tenants' usage changed. */
  notify(tenantIds: Iterable<string>): void {
    for (const tenantId of new Set(tenantIds)) {
      if (this.publisher) {
        // The subscriber hears this instance's own messages too, so there is no local emit here.
        this.publisher.publish(CHANNEL, tenantId).catch((error: Error) => {
          this.logger.warn({ err: error, tenantId }, 'Failed to publish a usage change; streams of other instances miss it');
          this.changed.next(tenantId);
        });
      } else {
        this.changed.next(tenantId);
      }
    }
  }

  /** Tenant ids, each time that tenant's usage changes. */
  changes(): Observable<string> {
    return this.changed.asObservable();
  }
}
