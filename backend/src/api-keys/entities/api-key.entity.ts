import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { Tenant } from '../../tenants/entities/tenant.entity';

@Entity({ name: 'api_keys' })
export class ApiKey {
  /** UUID, assigned by the application before insert (the same column type on MySQL and MariaDB). */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string = randomUUID();

  @Index('IDX_api_keys_tenant_id')
  @Column({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'FK_api_keys_tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** The first characters of the key, shown in lists so that admins can tell keys apart. */
  @Column({ type: 'varchar', length: 16 })
  prefix: string;

  /** SHA-256 of the whole key, hex-encoded; the key itself is never stored. */
  @Index('UQ_api_keys_key_hash', { unique: true })
  @Column({ name: 'key_hash', type: 'varchar', length: 64 })
  keyHash: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'datetime', nullable: true })
  revokedAt: Date | null;
}
