import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { insertIgnoringDuplicates } from '../database/sql';
import { NotificationDto, NotificationListDto } from './dto/notification.dto';
import { Notification } from './entities/notification.entity';

export type NewNotification = Pick<Notification, 'tenantId' | 'kind' | 'metric' | 'title' | 'message' | 'alertId' | 'link'>;

interface NotificationRow {
  id: string;
  kind: string;
  metric: string | null;
  title: string;
  message: string;
  alert_id: string | null;
  link: string | null;
  created_at_ms: number;
  read_at_ms: number | null;
}

/** In-app notifications of a tenant, with a read state per user. */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Adds a notification inside the caller's transaction and returns its id. */
  async create(manager: EntityManager, input: NewNotification, nowMs: number): Promise<string> {
    const notification = Object.assign(new Notification(), input, { createdAtMs: nowMs });
    await manager.query(
      `INSERT INTO notifications (id, tenant_id, kind, metric, title, message, alert_id, link, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        notification.id,
        notification.tenantId,
        notification.kind,
        notification.metric,
        notification.title,
        notification.message,
        notification.alertId,
        notification.link,
        nowMs,
      ],
    );
    return notification.id;
  }

  /** Lists the newest notifications of the tenant with the read state and unread count of `userId`. */
  async list(tenantId: string, userId: string, options: { limit: number; unreadOnly: boolean }): Promise<NotificationListDto> {
    const rows: NotificationRow[] = await this.dataSource.query(
      `SELECT n.id, n.kind, n.metric, n.title, n.message, n.alert_id, n.link, n.created_at_ms, r.read_at_ms
       FROM notifications n
       LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.user_id = ?
       WHERE n.tenant_id = ? ${options.unreadOnly ? 'AND r.read_at_ms IS NULL' : ''}
       ORDER BY n.created_at_ms DESC, n.id DESC
       LIMIT ${Math.trunc(options.limit)}`,
      [userId, tenantId],
    );
    return { items: rows.map(toDto), unreadCount: await this.unreadCount(tenantId, userId) };
  }

  async unreadCount(tenantId: string, userId: string): Promise<number> {
    const [{ unread }] = await this.dataSource.query(
      `SELECT COUNT(*) AS unread FROM notifications n
       WHERE n.tenant_id = ? AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.user_id = ?)`,
      [tenantId, userId],
    );
    return Number(unread);
  }

  /** Marks one notification read for the user; marking it again, or at the same time, changes nothing. */
  async markRead(tenantId: string, userId: string, notificationId: string): Promise<void> {
    const [found] = await this.dataSource.query('SELECT id FROM notifications WHERE id = ? AND tenant_id = ?', [notificationId, tenantId]);
    if (!found) {
      throw new NotFoundException(`Notification ${notificationId} not found in tenant ${tenantId}`);
    }
    await this.dataSource.query(`${insertIgnoringDuplicates(this.dataSource)} notification_reads (notification_id, user_id, read_at_ms) VALUES (?, ?, ?)`, [
      notificationId,
      userId,
      Date.now(),
    ]);
  }

  /** Marks every notification of the tenant read for the user and returns how many were unread. */
  async markAllRead(tenantId: string, userId: string): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const result = await runner.query(
        `${insertIgnoringDuplicates(this.dataSource)} notification_reads (notification_id, user_id, read_at_ms)
         SELECT n.id, ?, ? FROM notifications n
         WHERE n.tenant_id = ? AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.user_id = ?)`,
        [userId, Date.now(), tenantId, userId],
        true,
      );
      return result.affected ?? 0;
    } finally {
      await runner.release();
    }
  }
}

function toDto(row: NotificationRow): NotificationDto {
  return {
    id: row.id,
    kind: row.kind,
    metric: row.metric,
    title: row.title,
    message: row.message,
    alertId: row.alert_id,
    link: row.link,
    createdAt: new Date(Number(row.created_at_ms)).toISOString(),
    read: row.read_at_ms !== null,
  };
}
