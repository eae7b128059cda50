import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

import { bigintTransformer } from '../../database/bigint.transformer';

/** 1 GB, in decimal bytes as the dashboard shows it. */
export const DEFAULT_STORAGE_QUOTA_BYTES = 1_000_000_000;

@Entity({ name: 'tenants' })
export class Tenant {
  /** UUID, assigned by the application before insert (the same column type on MySQL and MariaDB). */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string = randomUUID();

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** IANA time zone name; every calendar period of the tenant's metrics is cut in it. */
  @Column({ type: 'varchar', length: 64, default: 'UTC' })
  timezone: string;

  @Column({
    name: 'storage_quota_bytes',
    type: 'bigint',
    default: DEFAULT_STORAGE_QUOTA_BYTES,
    transformer: bigintTransformer,
  })
  storageQuotaBytes: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
