import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { bigintTransformer } from '../../database/bigint.transformer';
import { Tenant } from '../../tenants/entities/tenant.entity';
import type { LimitMetric } from '../limit-metrics';

/** Stores a JSON array in a text column. */
const jsonArrayTransformer = {
  to: (value: unknown[] | undefined) => (value === undefined ? value : JSON.stringify(value)),
  from: (value: string | null) => (value === null ? [] : (JSON.parse(value) as unknown[])),
};

/** A tenant's limit on one metric: per calendar month in the tenant's time zone, or current bytes for storage. */
@Entity({ name: 'usage_limits' })
export class UsageLimit {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'FK_usage_limits_tenant_id' })
  tenant?: Tenant;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  metric: LimitMetric;

  /** Count per month, or bytes for storageBytes. */
  @Column({ name: 'monthly_limit', type: 'bigint', transformer: bigintTransformer })
  monthlyLimit: number;

  /** Percentages of the limit that send an alert, ascending, each from 1 to 1000. */
  @Column({ type: 'varchar', length: 100, transformer: jsonArrayTransformer })
  thresholds: number[];

  /** Recipients of the alert emails; empty means the tenant's admins. */
  @Column({ name: 'notify_emails', type: 'text', transformer: jsonArrayTransformer })
  notifyEmails: string[];

  @Column({ name: 'updated_at_ms', type: 'bigint', transformer: bigintTransformer })
  updatedAtMs: number;
}
