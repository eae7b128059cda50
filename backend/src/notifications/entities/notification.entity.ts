import { randomUUID } from 'node:crypto';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { bigintTransformer } from '../../database/bigint.transformer';
import { Tenant } from '../../tenants/entities/tenant.entity';

/** An in-app message to every user of a tenant; each user's read state is a NotificationRead. */
@Entity({ name: 'notifications' })
@Index('IDX_notifications_tenant_created', ['tenantId', 'createdAtMs'])
export class Notification {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string = randomUUID();

  @Column({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'FK_notifications_tenant_id' })
  tenant?: Tenant;

  /** Type of the notification, such as `limit_threshold` or `limit_forecast`. */
  @Column({ type: 'varchar', length: 32 })
  kind: string;

  /** The metric it concerns, for limit notifications. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  metric: string | null;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 1000 })
  message: string;

  /** The limit alert behind it, for limit notifications. */
  @Column({ name: 'alert_id', type: 'varchar', length: 36, nullable: true })
  alertId: string | null;

  /** Dashboard path to open, relative to its root, such as `/tenants/<id>/limits`. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  link: string | null;

  @Column({ name: 'created_at_ms', type: 'bigint', transformer: bigintTransformer })
  createdAtMs: number;
}
