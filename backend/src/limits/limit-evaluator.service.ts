import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { OutboxWorker } from '../mail/outbox-worker';
import { Tenant } from '../tenants/entities/tenant.entity';
import { FORECAST_THRESHOLD } from './entities/limit-alert.entity';
import { UsageLimit } from './entities/usage-limit.entity';
import { MIN_FORECAST_ELAPSED_DAYS } from './forecast';
import { LimitAlertWriter } from './limit-alert-writer';
import { LimitMetric } from './limit-metrics';
import { LimitStatus, LimitStatusService } from './limit-status.service';

export interface EvaluationOptions {
  /** The instant to evaluate at; tests move it to another month. */
  nowMs?: number;
  /** Evaluate only this metric's limit. */
  metric?: LimitMetric;
}

/** Usage exactly at a threshold counts as reaching it; integer arithmetic avoids rounding at the boundary. */
export function reachesThreshold(used: number, limit: number, threshold: number): boolean {
  return BigInt(used) * 100n >= BigInt(threshold) * BigInt(limit);
}

/**
 * Compares a tenant's limits with its live usage and fires the alerts that are due: the thresholds
 * reached since the last evaluation, and the month's forecast alert when the projection reaches the
 * limit, together in one email per limit. The rollup job evaluates every tenant with limits, LimitWatcher a
 * tenant shortly after its ingestion, and saving a limit evaluates that limit.
 */
@Injectable()
export class LimitEvaluator {
  private readonly logger = new Logger(LimitEvaluator.name);
  /** Evaluations of one tenant in this process run one after another. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly statusService: LimitStatusService,
    private readonly writer: LimitAlertWriter,
    private readonly outboxWorker: OutboxWorker,
  ) {}

  /** Evaluates every tenant that has limits and returns the number of alerts fired. */
  async evaluateAll(options: { nowMs?: number } = {}): Promise<{ tenants: number; alerts: number }> {
    const rows: Array<{ tenant_id: string }> = await this.dataSource.query('SELECT DISTINCT tenant_id FROM usage_limits');
    let alerts = 0;
    for (const { tenant_id: tenantId } of rows) {
      try {
        alerts += await this.evaluateTenant(tenantId, options);
      } catch (error) {
        this.logger.error({ err: error, tenantId }, 'Failed to evaluate the limits of a tenant; the next run retries');
      }
    }
    return { tenants: rows.length, alerts };
  }

  /** Evaluates one tenant's limits and returns the number of alerts fired. */
  evaluateTenant(tenantId: string, options: EvaluationOptions = {}): Promise<number> {
    const previous = this.queues.get(tenantId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.evaluate(tenantId, options.nowMs ?? Date.now(), options.metric));
    this.queues.set(tenantId, next);
    void next.finally(() => {
      if (this.queues.get(tenantId) === next) this.queues.delete(tenantId);
    }).catch(() => undefined);
    return next;
  }

  private async evaluate(tenantId: string, nowMs: number, metric?: LimitMetric): Promise<number> {
    const limits = await this.dataSource.getRepository(UsageLimit).findBy(metric ? { tenantId, metric } : { tenantId });
    if (limits.length === 0) return 0;
    const tenant = await this.dataSource.getRepository(Tenant).findOneBy({ id: tenantId });
    if (!tenant) return 0;

    const statuses = await this.statusService.statusOf(tenant, limits, nowMs);
    const alerted = await this.alertedThresholds(tenantId, statuses[0].month);
    let fired = 0;

    for (const status of statuses) {
      const done = alerted.get(status.limit.metric) ?? new Set<number>();
      const reached = status.limit.thresholds
        .filter((threshold) => !done.has(threshold) && reachesThreshold(status.used, status.limit.monthlyLimit, threshold))
        .sort((a, b) => b - a);
      // A forecast due together with a threshold goes into the same email.
      const forecast = !done.has(FORECAST_THRESHOLD) && forecastDue(status);
      if ((reached.length > 0 || forecast) && (await this.writer.write(tenant, status, reached, forecast, nowMs))) fired++;
    }

    if (fired > 0) this.outboxWorker.wake();
    return fired;
  }

  /** Thresholds already alerted per metric in the month, FORECAST_THRESHOLD for the forecast alert. */
  private async alertedThresholds(tenantId: string, month: string): Promise<Map<string, Set<number>>> {
    const rows: Array<{ metric: string; threshold: number }> = await this.dataSource.query(
      'SELECT metric, threshold FROM limit_alerts WHERE tenant_id = ? AND month = ?',
      [tenantId, month],
    );
    const alerted = new Map<string, Set<number>>();
    for (const row of rows) alerted.set(row.metric, (alerted.get(row.metric) ?? new Set()).add(Number(row.threshold)));
    return alerted;
  }
}

/** Tells whether a forecast alert is due, because a monthly limit not reached yet is projected to be reached this month. */
function forecastDue(status: LimitStatus): boolean {
  return (
    status.limit.metric !== 'storageBytes' &&
    status.elapsedDays >= MIN_FORECAST_ELAPSED_DAYS &&
    status.used < status.limit.monthlyLimit &&
    status.reachDate !== null
  );
}
