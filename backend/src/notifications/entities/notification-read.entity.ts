import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { bigintTransformer } from '../../database/bigint.transformer';
import { User } from '../../users/entities/user.entity';
import { Notification } from './notification.entity';

/** Records that one user has read one notification; a notification without a row is unread for that user. */
@Entity({ name: 'notification_reads' })
export class NotificationRead {
  @PrimaryColumn({ name: 'notification_id', type: 'varchar', length: 36 })
  notificationId: string;

  @ManyToOne(() => Notification, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id', foreignKeyConstraintName: 'FK_notification_reads_notification_id' })
  notification?: Notification;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_notification_reads_user_id' })
  user?: User;

  @Column({ name: 'read_at_ms', type: 'bigint', transformer: bigintTransformer })
  readAtMs: number;
}
