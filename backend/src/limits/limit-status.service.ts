import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';

import { datesBetween } from '../rollup/calendar';
import { percentOf, StorageService } from '../storage/storage.service';
import { Tenant } from '../tenants/entities/tenant.entity';
import { USAGE_METRICS, UsageMetric } from '../usage/entities/usage-daily.entity';
import { UsageReader } from '../usage/usage-reader';
import { UsageLimit } from './entities/usage-limit.entity';
import { forecastMonth, HISTORY_DAYS, weekendWeight } from './forecast';
import { LimitMetric } from './limit-metrics';

/** A limit together with the usage it is measured against at one instant. */
export interface LimitStatus {
  limit: UsageLimit;
  /** YYYY-MM in the tenant's time zone. */
  month: string;
  used: number;
  percentUsed: number;
  projectedMonthEnd: number;
  reachDate: string | null;
  elapsedDays: number;
  /** Start of next month in the tenant's time zone; null for storageBytes, whose usage does not reset. */
  resetsAt: DateTime | null;
  /** Start of next month in the tenant's time zone, when this month's alerts end for every metric. */
  monthEndsAt: DateTime;
}

/** Measures limits against live usage: this month's counters in the tenant's time zone, and current storage. */
@Injectable()
export class LimitStatusService {
  constructor(
    private readonly reader: UsageReader,
    private readonly storageService: StorageService,
  ) {}

  async statusOf(tenant: Tenant, limits: UsageLimit[], nowMs: number): Promise<LimitStatus[]> {
    const zone = tenant.timezone;
    const now = DateTime.fromMillis(nowMs, { zone });
    const monthStart = now.startOf('month');
    const counted = limits.map((limit) => limit.metric).filter((metric): metric is UsageMetric => metric !== 'storageBytes');
    const usage = await this.measure(tenant, now, counted, limits.some((limit) => limit.metric === 'storageBytes'));

    return limits.map((limit) => {
      const used = usage.used.get(limit.metric) ?? 0;
      const monthEndsAt = monthStart.plus({ months: 1 });
      const status = { limit, month: monthStart.toFormat('yyyy-MM'), used, percentUsed: percentOf(used, limit.monthlyLimit), monthEndsAt };
      if (limit.metric === 'storageBytes') {
        return { ...status, projectedMonthEnd: used, reachDate: null, elapsedDays: 0, resetsAt: null };
      }

      const forecast = forecastMonth({
        used,
        limit: limit.monthlyLimit,
        nowMs,
        zone,
        weekendDayWeight: usage.weekendWeights.get(limit.metric) ?? 1,
      });
      return { ...status, ...forecast, resetsAt: monthEndsAt };
    });
  }

  /** Returns how much of a metric the tenant has used this month, or the bytes it stores now. */
  async usedNow(tenant: Tenant, metric: LimitMetric, nowMs: number): Promise<number> {
    const now = DateTime.fromMillis(nowMs, { zone: tenant.timezone });
    const usage = await this.measure(tenant, now, metric === 'storageBytes' ? [] : [metric], metric === 'storageBytes');
    return usage.used.get(metric) ?? 0;
  }

  private async measure(
    tenant: Tenant,
    now: DateTime,
    metrics: UsageMetric[],
    withStorage: boolean,
  ): Promise<{ used: Map<LimitMetric, number>; weekendWeights: Map<UsageMetric, number> }> {
    const today = now.toISODate() as string;
    const monthStart = now.startOf('month').toISODate() as string;
    const historyStart = now.minus({ days: HISTORY_DAYS }).toISODate() as string;
    const historyEnd = now.minus({ days: 1 }).toISODate() as string;
    const from = historyStart < monthStart ? historyStart : monthStart;
    const used = new Map<LimitMetric, number>();
    const weekendWeights = new Map<UsageMetric, number>();

    await this.reader.consistentRead(async (database) => {
      if (metrics.length > 0) {
        const pending = await this.reader.pendingDays(database, tenant.id, tenant.timezone);
        const metric = metrics.length === 1 ? metrics[0] : undefined;
        const values = await this.reader.dailyValues(database, tenant.id, tenant.timezone, from, today, pending, metric);
        for (const name of USAGE_METRICS.filter((candidate) => metrics.includes(candidate))) {
          const days = values.get(name);
          let total = 0;
          for (const [day, value] of days ?? []) if (day >= monthStart && day <= today) total += value;
          used.set(name, total);
          weekendWeights.set(name, weekendWeight(days, datesBetween(historyStart, historyEnd)));
        }
      }
      if (withStorage) {
        const storage = await this.storageService.usage(tenant.id, tenant.storageQuotaBytes, database);
        used.set('storageBytes', storage.usedBytes);
      }
    });
    return { used, weekendWeights };
  }
}
