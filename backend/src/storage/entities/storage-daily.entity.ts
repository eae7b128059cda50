import { Column, Entity, PrimaryColumn } from 'typeorm';

import { bigintTransformer } from '../../database/bigint.transformer';
import type { StorageKind } from '../../events/entities/usage-event.entity';

/**
 * Bytes stored per kind at the end of a local day, as the last rollup run of that day saw them.
 * NOTE: a storage event that arrives after its day has ended changes the current storage and the
 * days after it, but not the figure already kept for its own day.
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
