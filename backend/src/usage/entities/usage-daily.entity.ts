import { Column, Entity, PrimaryColumn } from 'typeorm';

import { bigintTransformer } from '../../database/bigint.transformer';

export const USAGE_METRICS = ['words', 'apiRequests', 'questions', 'contacts'] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];

/** One metric of one tenant on one calendar day in the tenant's time zone. */
@Entity({ name: 'usage_daily' })
export class UsageDaily {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  metric: UsageMetric;

  /** YYYY-MM-DD in the tenant's time zone. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  day: string;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  value: number;
}
