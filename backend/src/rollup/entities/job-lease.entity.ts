import { Column, Entity, PrimaryColumn } from 'typeorm';

import { bigintTransformer } from '../../database/bigint.transformer';

/** A lease that lets one API instance at a time run a job, across processes and hosts. */
@Entity({ name: 'job_leases' })
export class JobLease {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 64 })
  holder: string;

  @Column({ name: 'expires_at_ms', type: 'bigint', transformer: bigintTransformer })
  expiresAtMs: number;
}
