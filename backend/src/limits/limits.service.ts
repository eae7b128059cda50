import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { TenantsService } from '../tenants/tenants.service';
import { LimitCheckDto, LimitDto, PutLimitDto } from './dto/limit.dto';
import { FORECAST_THRESHOLD } from './entities/limit-alert.entity';
import { UsageLimit } from './entities/usage-limit.entity';
import { LimitEvaluator } from './limit-evaluator.service';
import { DEFAULT_THRESHOLDS, LIMIT_METRICS, LimitMetric } from './limit-metrics';
import { LimitStatus, LimitStatusService } from './limit-status.service';

@Injectable()
export class LimitsService {
  private readonly logger = new Logger(LimitsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenantsService: TenantsService,
    private readonly statusService: LimitStatusService,
    private readonly evaluator: LimitEvaluator,
  ) {}

  /** Lists the tenant's limits with live usage, forecast and reset time, in the order of LIMIT_METRICS. */
  async list(tenantId: string): Promise<LimitDto[]> {
    const limits = await this.dataSource.getRepository(UsageLimit).findBy({ tenantId });
    limits.sort((a, b) => LIMIT_METRICS.indexOf(a.metric) - LIMIT_METRICS.indexOf(b.metric));
    return this.describe(tenantId, limits);
  }

  async findOne(tenantId: string, metric: LimitMetric): Promise<LimitDto> {
    const [limit] = await this.describe(tenantId, [await this.findLimit(tenantId, metric)]);
    return limit;
  }

  /**
   * Creates or replaces the limit on a metric, then evaluates it at once: a limit set below the
   * current usage alerts now. Thresholds already alerted this month stay alerted, so raising a
   * limit sends nothing again.
   */
  async put(tenantId: string, metric: LimitMetric, input: PutLimitDto): Promise<LimitDto> {
    await this.tenantsService.findOne(tenantId);
    const limit = Object.assign(new UsageLimit(), {
      tenantId,
      metric,
      monthlyLimit: input.monthlyLimit,
      thresholds: [...(input.thresholds ?? DEFAULT_THRESHOLDS)].sort((a, b) => a - b),
      notifyEmails: (input.notifyEmails ?? []).map((email) => email.trim()),
      updatedAtMs: Date.now(),
    });
    await this.dataSource.getRepository(UsageLimit).save(limit);
    this.logger.log({ tenantId, metric, monthlyLimit: limit.monthlyLimit, thresholds: limit.thresholds, recipients: limit.notifyEmails.length }, 'Saved a usage limit');

    try {
      await this.evaluator.evaluateTenant(tenantId, { metric });
    } catch (error) {
      this.logger.error({ err: error, tenantId, metric }, 'Failed to evaluate a saved limit; the next rollup evaluates it');
    }
    return this.findOne(tenantId, metric);
  }

  /** Removes a limit. Its alerts of this month are kept, so setting it again does not repeat them. */
  async remove(tenantId: string, metric: LimitMetric): Promise<void> {
    const result = await this.dataSource.getRepository(UsageLimit).delete({ tenantId, metric });
    if (!result.affected) {
      throw new NotFoundException(`Tenant ${tenantId} has no limit on ${metric}`);
    }
    this.logger.log({ tenantId, metric }, 'Removed a usage limit');
  }

  /** Tells whether the tenant is still below its limit on a metric; without a limit everything is allowed. */
  async check(tenantId: string, metric: LimitMetric): Promise<LimitCheckDto> {
    const tenant = await this.tenantsService.findOne(tenantId);
    const limit = await this.dataSource.getRepository(UsageLimit).findOneBy({ tenantId, metric });
    const used = await this.statusService.usedNow(tenant, metric, Date.now());
    if (!limit) {
      return { metric, allowed: true, remaining: null, monthlyLimit: null, used };
    }
    return { metric, allowed: used < limit.monthlyLimit, remaining: Math.max(0, limit.monthlyLimit - used), monthlyLimit: limit.monthlyLimit, used };
  }

  private async findLimit(tenantId: string, metric: LimitMetric): Promise<UsageLimit> {
    const limit = await this.dataSource.getRepository(UsageLimit).findOneBy({ tenantId, metric });
    if (!limit) {
      throw new NotFoundException(`Tenant ${tenantId} has no limit on ${metric}; set one with PUT /api/v1/tenants/${tenantId}/limits/${metric}`);
    }
    return limit;
  }

  private async describe(tenantId: string, limits: UsageLimit[]): Promise<LimitDto[]> {
    const tenant = await this.tenantsService.findOne(tenantId);
    if (limits.length === 0) return [];

    const statuses = await this.statusService.statusOf(tenant, limits, Date.now());
    const alerts: Array<{ metric: string; threshold: number }> = await this.dataSource.query(
      `SELECT metric, threshold FROM limit_alerts WHERE tenant_id = ? AND month = ? AND metric IN (${limits.map(() => '?').join(', ')})`,
      [tenantId, statuses[0].month, ...limits.map((limit) => limit.metric)],
    );
    return statuses.map((status) => toDto(status, tenant.timezone, alerts.filter((alert) => alert.metric === status.limit.metric).map((alert) => Number(alert.threshold))));
  }
}

function toDto(status: LimitStatus, timezone: string, alerted: number[]): LimitDto {
  return {
    metric: status.limit.metric,
    monthlyLimit: status.limit.monthlyLimit,
    thresholds: status.limit.thresholds,
    notifyEmails: status.limit.notifyEmails,
    used: status.used,
    percentUsed: status.percentUsed,
    projectedMonthEnd: status.projectedMonthEnd,
    projectedReachDate: status.reachDate,
    resetsAt: status.monthEndsAt.toISO() as string,
    timezone,
    month: status.month,
    alertedThresholds: alerted.filter((threshold) => threshold !== FORECAST_THRESHOLD).sort((a, b) => a - b),
    forecastAlerted: alerted.includes(FORECAST_THRESHOLD),
  };
}
