import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A note that events of a tenant changed within one UTC day, so its snapshots need recomputing.
 * It is written in the same transaction as the events. The rollup deletes exactly the markers it
 * read, so a marker committed while it runs survives until the next run.
 */
@Entity({ name: 'rollup_markers' })
@Index('IDX_rollup_markers_tenant_day', ['tenantId', 'utcDay'])
export class RollupMarker {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: number;

  @Column({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId: string;

  /** Days since 1970-01-01 in UTC. */
  @Column({ name: 'utc_day', type: 'int' })
  utcDay: number;
}
