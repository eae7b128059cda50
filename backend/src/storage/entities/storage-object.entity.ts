import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { bigintTransformer } from '../../database/bigint.transformer';
import type { StorageKind } from '../../events/entities/usage-event.entity';

/**
 * Current state of one stored object. The event with the greatest version key wins, so the result
 * does not depend on arrival order. A delete leaves a tombstone (deleted, 0 bytes) that an older put
 * cannot undo.
 */
@Entity({ name: 'storage_objects' })
@Index('IDX_storage_objects_tenant_bytes', ['tenantId', 'bytes'])
export class StorageObject {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId: string;

  @PrimaryColumn({ name: 'object_id', type: 'varchar', length: 256 })
  objectId: string;

  @Column({ type: 'varchar', length: 8 })
  kind: StorageKind;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  bytes: number;

  @Column({ type: 'boolean' })
  deleted: boolean;

  /** occurredAt as 15 zero-padded digits of milliseconds, a colon, then the event id. */
  @Column({ name: 'version_key', type: 'varchar', length: 150 })
  versionKey: string;
}
