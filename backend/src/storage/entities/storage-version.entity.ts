import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { bigintTransformer } from '../../database/bigint.transformer';
import type { StorageKind } from '../../events/entities/usage-event.entity';

/**
 * One put or delete of a stored object, kept so that the rollup can rebuild end-of-day storage for
 * any retained day, late events included. Pruning keeps, per object, the newest version older than
 * the raw-event cutoff: it is the object's state when every retained day begins.
 */
@Entity({ name: 'storage_versions' })
@Index('IDX_storage_versions_tenant_occurred', ['tenantId', 'occurredAtMs'])
export class StorageVersion {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId: string;

  @PrimaryColumn({ name: 'object_id', type: 'varchar', length: 256 })
  objectId: string;

  /** The same key as storage_objects.version_key: the greatest one is the object's state. */
  @PrimaryColumn({ name: 'version_key', type: 'varchar', length: 150 })
  versionKey: string;

  /** When the put or delete happened, in milliseconds since the Unix epoch. */
  @Column({ name: 'occurred_at_ms', type: 'bigint', transformer: bigintTransformer })
  occurredAtMs: number;

  @Column({ type: 'varchar', length: 8 })
  kind: StorageKind;

  /** The object's size after this version; 0 for a delete. */
  @Column({ type: 'bigint', transformer: bigintTransformer })
  bytes: number;

  @Column({ type: 'boolean' })
  deleted: boolean;
}
