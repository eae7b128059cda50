import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';

import { Tenant } from '../../tenants/entities/tenant.entity';

export const ROLES = ['platform_admin', 'tenant_admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that belong to one tenant; platform admins belong to none. */
export const TENANT_ROLES = ['tenant_admin', 'member'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

@Entity({ name: 'users' })
export class User {
  /** UUID, assigned by the application before insert (the same column type on MySQL and MariaDB). */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string = randomUUID();

  /** Stored lower-cased, so the unique index makes emails unique case-insensitively. */
  @Index('UQ_users_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  /** argon2id hash in PHC string form. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 32 })
  role: Role;

  /** Null only for platform admins. */
  @Index('IDX_users_tenant_id')
  @Column({ name: 'tenant_id', type: 'varchar', length: 36, nullable: true })
  tenantId: string | null;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'FK_users_tenant_id' })
  tenant?: Tenant;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
