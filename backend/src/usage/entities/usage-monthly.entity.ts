import { Column, Entity, PrimaryColumn } from 'typeorm';

import { bigintTransformer } from '../../database/bigint.transformer';
import type { UsageMetric } from './usage-daily.entity';

/** One metric of one tenant in one calendar month in the tenant's time zone; the sum of its days. */
@Entity({ name: 'usage_monthly' })
export class UsageMonthly {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  metric: UsageMetric;

  /** YYYY-MM in the tenant's time zone. */
  @PrimaryColumn({ type: 'varchar', length: 7 })
  month: string;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  value: number;
}
