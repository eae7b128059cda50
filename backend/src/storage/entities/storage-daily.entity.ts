import { Column, Entity, PrimaryColumn } from 'typeorm';

import { bigintTransformer } from '../../database/bigint.transformer';
import type { StorageKind } from '../../events/entities/usage-event.entity';

/**
 * Bytes stored per kind at the end of a local day that had a put or delete. A day without a record
 * has the figure of the latest recorded day before it. The rollup rebuilds these records from
 * storage_versions, so a late event corrects its own day and the days after it.
 */
@Entity({ name: 'storage_daily' })
export class StorageDaily {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId: string;

  /** YYYY-MM-DD in the tenant's time zone. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  day: string;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  kind: StorageKind;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  bytes: number;
}
