import { randomUUID } from 'node:crypto';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { bigintTransformer } from '../../database/bigint.transformer';
import { Tenant } from '../../tenants/entities/tenant.entity';
import type { LimitMetric } from '../limit-metrics';

export const ALERT_KINDS = ['threshold', 'forecast'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Threshold value of forecast alerts; real thresholds are 1 to 1000 %, so the unique key keeps one forecast a month. */
export const FORECAST_THRESHOLD = 0;

/**
 * One alert that has fired. The unique key on (tenant, metric, month, threshold) is what makes an
 * alert fire once: the alert, its notification and its emails are written in one transaction, and
 * only when this row is new.
 */
@Entity({ name: 'limit_alerts' })
@Index('UQ_limit_alerts_tenant_metric_month_threshold', ['tenantId', 'metric', 'month', 'threshold'], { unique: true })
export class LimitAlert {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string = randomUUID();

  @Column({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'FK_limit_alerts_tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'varchar', length: 16 })
  metric: LimitMetric;

  /** YYYY-MM in the tenant's time zone. */
  @Column({ type: 'varchar', length: 7 })
  month: string;

  @Column({ type: 'varchar', length: 16 })
  kind: AlertKind;

  /** Percent of the limit; FORECAST_THRESHOLD for forecast alerts. */
  @Column({ type: 'int' })
  threshold: number;

  /** Usage when the alert fired. */
  @Column({ type: 'bigint', transformer: bigintTransformer })
  used: number;

  @Column({ name: 'monthly_limit', type: 'bigint', transformer: bigintTransformer })
  monthlyLimit: number;

  /** Forecast alerts only: the local date (YYYY-MM-DD) on which usage is projected to reach the limit. */
  @Column({ name: 'forecast_date', type: 'varchar', length: 10, nullable: true })
  forecastDate: string | null;

  @Column({ name: 'created_at_ms', type: 'bigint', transformer: bigintTransformer })
  createdAtMs: number;
}
