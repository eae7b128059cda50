import { randomUUID } from 'node:crypto';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { bigintTransformer } from '../../database/bigint.transformer';

export const EXPORT_STATUSES = ['streaming', 'completed', 'failed', 'aborted'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/**
 * One CSV export of usage: who started it, for which tenant and range, and how it ended.
 * NOTE: an export whose process stopped while it streamed keeps the status `streaming`.
 */
@Entity({ name: 'exports' })
@Index('IDX_exports_started_at', ['startedAtMs', 'id'])
export class ExportRecord {
  /** UUID, assigned by the application before insert. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string = randomUUID();

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  /** Null for a platform-wide export of every tenant. */
  @Column({ name: 'tenant_id', type: 'varchar', length: 36, nullable: true })
  tenantId: string | null;

  @Column({ type: 'varchar', length: 8 })
  granularity: 'day' | 'month';

  /** YYYY-MM-DD; null when the caller left it to the default of each tenant. */
  @Column({ name: 'range_from', type: 'varchar', length: 10, nullable: true })
  rangeFrom: string | null;

  /** YYYY-MM-DD; null when the caller left it to the default of each tenant. */
  @Column({ name: 'range_to', type: 'varchar', length: 10, nullable: true })
  rangeTo: string | null;

  /** Data rows written to the response stream, the header row not included. */
  @Column({ name: 'row_count', type: 'bigint', transformer: bigintTransformer })
  rowCount: number;

  @Column({ type: 'varchar', length: 16 })
  status: ExportStatus;

  @Column({ name: 'started_at_ms', type: 'bigint', transformer: bigintTransformer })
  startedAtMs: number;

  @Column({ name: 'finished_at_ms', type: 'bigint', nullable: true, transformer: bigintTransformer })
  finishedAtMs: number | null;
}
