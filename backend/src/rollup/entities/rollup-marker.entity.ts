import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { bigintTransformer } from '../../database/bigint.transformer';

/**
 * A note that events of a tenant changed within one UTC day, so its snapshots need recomputing.
 * It is written in the same transaction as the events. The rollup deletes exactly the markers it
 * read, so a marker committed while it runs survives until the next run.
 *
 * A marker with a slot is a usage delta: the words, API requests and questions that its write added
 * in that 15-minute slot, counted only when every event of the write was new. Reads add deltas to
 * the snapshot. A marker without a slot means the day must be aggregated again from the raw events,
 * or with `contactsOnly` only its contacts recounted.
 */
@Entity({ name: 'rollup_markers' })
@Index('IDX_rollup_markers_tenant_day', ['tenantId', 'utcDay'])
@Index('IDX_rollup_markers_tenant_slot', ['tenantId', 'slot', 'utcDay', 'words', 'apiRequests', 'questions'])
export class RollupMarker {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: number;

  @Column({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId: string;

  /** Days since 1970-01-01 in UTC. */
  @Column({ name: 'utc_day', type: 'int' })
  utcDay: number;

  /** 15-minute slots since 1970-01-01 UTC, or null when the whole day must be aggregated again. */
  @Column({ type: 'bigint', nullable: true, transformer: bigintTransformer })
  slot: number | null;

  @Column({ type: 'bigint', default: 0, transformer: bigintTransformer })
  words: number;

  @Column({ name: 'api_requests', type: 'bigint', default: 0, transformer: bigintTransformer })
  apiRequests: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintTransformer })
  questions: number;

  /** Set on markers without a slot when only the day's contacts changed. */
  @Column({ name: 'contacts_only', type: 'boolean', default: false })
  contactsOnly: boolean;
}
