import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Subscription } from 'rxjs';

import { UsageChanges } from '../usage/usage-changes.service';
import { LimitEvaluator } from './limit-evaluator.service';

/** Wait after a tenant's first change before evaluating, so that a burst of ingestion costs one evaluation. */
export const EVALUATION_DELAY_MS = 3000;

/**
 * Evaluates a tenant's limits a few seconds after ingestion changed its usage, so that crossing a
 * threshold alerts within seconds instead of at the next rollup. With REDIS_URL every instance hears
 * every change and evaluates; the unique key of limit_alerts keeps the alerts single.
 */
@Injectable()
export class LimitWatcher implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(LimitWatcher.name);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<unknown>>();
  private subscription?: Subscription;

  constructor(
    private readonly usageChanges: UsageChanges,
    private readonly evaluator: LimitEvaluator,
  ) {}

  onModuleInit(): void {
    this.subscription = this.usageChanges.changes().subscribe((tenantId) => this.schedule(tenantId));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.running);
  }

  private schedule(tenantId: string): void {
    if (this.timers.has(tenantId)) return;

    const timer = setTimeout(() => {
      this.timers.delete(tenantId);
      const evaluation = this.evaluator
        .evaluateTenant(tenantId)
        .catch((error: Error) => this.logger.error({ err: error, tenantId }, 'Failed to evaluate limits after ingestion; the next rollup retries'))
        .finally(() => this.running.delete(evaluation));
      this.running.add(evaluation);
    }, EVALUATION_DELAY_MS);
    this.timers.set(tenantId, timer);
  }
}
