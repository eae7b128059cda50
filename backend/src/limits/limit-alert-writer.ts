import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryResult } from 'typeorm';

import { Environment } from '../config/environment';
import { insertIgnoringDuplicates } from '../database/sql';
import { OutboxService } from '../mail/outbox.service';
import { NotificationsService } from '../notifications/notifications.service';
import { Tenant } from '../tenants/entities/tenant.entity';
import { composeAlert } from './alert-email';
import { AlertKind, FORECAST_THRESHOLD, LimitAlert } from './entities/limit-alert.entity';
import { LimitStatus } from './limit-status.service';

const ALERT_COLUMNS = ['id', 'tenant_id', 'metric', 'month', 'kind', 'threshold', 'used', 'monthly_limit', 'forecast_date', 'created_at_ms'];

export interface WrittenAlert {
  alertIds: string[];
  thresholds: number[];
  recipients: number;
}

/**
 * Writes one alert: its limit_alerts rows, one in-app notification and one outbox email per
 * recipient, in one transaction. A row that already exists is skipped by the unique key, so an
 * alert that another evaluation wrote first is neither notified nor emailed again.
 */
@Injectable()
export class LimitAlertWriter {
  private readonly logger = new Logger(LimitAlertWriter.name);
  private readonly publicUrl: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly outbox: OutboxService,
    config: ConfigService<Environment, true>,
  ) {
    this.publicUrl = config.get('PUBLIC_URL', { infer: true }) as string;
  }

  /**
   * Writes an alert for the thresholds reached now (highest first) and, with `forecast`, the
   * month's forecast alert. Together they make one notification and one email per recipient.
   * Returns null when every row already existed.
   */
  async write(tenant: Tenant, status: LimitStatus, thresholds: number[], forecast: boolean, nowMs: number): Promise<WrittenAlert | null> {
    const written = await this.dataSource.transaction(async (manager) => {
      const rows = [...thresholds.map((threshold) => ({ kind: 'threshold' as const, threshold })), ...(forecast ? [{ kind: 'forecast' as const, threshold: FORECAST_THRESHOLD }] : [])];
      const inserted = await this.insertAlerts(manager, status, tenant.id, rows, nowMs);
      if (inserted.length === 0) return null;

      const reachedThresholds = inserted.filter((alert) => alert.kind === 'threshold').map((alert) => alert.threshold);
      const kind: AlertKind = reachedThresholds.length > 0 ? 'threshold' : 'forecast';
      const path = `/tenants/${tenant.id}/limits`;
      const message = composeAlert({
        kind,
        tenantName: tenant.name,
        metric: status.limit.metric,
        thresholds: reachedThresholds,
        used: status.used,
        limit: status.limit.monthlyLimit,
        percentUsed: status.percentUsed,
        projectedMonthEnd: status.projectedMonthEnd,
        reachDate: status.reachDate,
        resetsAt: status.resetsAt,
        dashboardUrl: `${this.publicUrl}${path}`,
      });
      // The notification and the emails belong to the first row: the highest threshold, or the forecast.
      const alertId = inserted[0].id;

      await this.notifications.create(
        manager,
        {
          tenantId: tenant.id,
          kind: `limit_${kind}`,
          metric: status.limit.metric,
          title: message.title.slice(0, 200),
          message: message.summary.slice(0, 1000),
          alertId,
          link: path,
        },
        nowMs,
      );

      const recipients = await this.recipientsOf(manager, tenant.id, status.limit.notifyEmails);
      await this.outbox.enqueue(
        manager,
        recipients.map((recipient) => ({ tenantId: tenant.id, alertId, recipient, subject: message.subject, textBody: message.text, htmlBody: message.html })),
        nowMs,
      );
      return { alertIds: inserted.map((alert) => alert.id), thresholds: inserted.map((alert) => alert.threshold), recipients: recipients.length };
    });

    if (written) {
      const ids = { tenantId: tenant.id, metric: status.limit.metric, month: status.month, alertIds: written.alertIds };
      this.logger.log({ ...ids, thresholds: written.thresholds, recipients: written.recipients }, 'Fired a limit alert');
      if (written.recipients === 0) {
        this.logger.warn(ids, 'A limit alert has no email recipients: the limit lists none and the tenant has no admins');
      }
    }
    return written;
  }

  private async insertAlerts(
    manager: EntityManager,
    status: LimitStatus,
    tenantId: string,
    rows: Array<{ kind: AlertKind; threshold: number }>,
    nowMs: number,
  ): Promise<LimitAlert[]> {
    const runner = manager.queryRunner;
    if (!runner) throw new Error('insertAlerts must run inside a transaction');

    const inserted: LimitAlert[] = [];
    for (const { kind, threshold } of rows) {
      const alert = Object.assign(new LimitAlert(), {
        tenantId,
        metric: status.limit.metric,
        month: status.month,
        kind,
        threshold,
        used: status.used,
        monthlyLimit: status.limit.monthlyLimit,
        forecastDate: kind === 'forecast' ? status.reachDate : null,
        createdAtMs: nowMs,
      });
      // Skipping duplicates instead of catching the unique violation keeps the transaction free of
      // rollbacks: on SQLite all transactions share one connection and nest as savepoints, so a
      // rollback here could also undo the statements of another transaction interleaved with it.
      const result = (await runner.query(
        `${insertIgnoringDuplicates(manager)} limit_alerts (${ALERT_COLUMNS.join(', ')}) VALUES (${ALERT_COLUMNS.map(() => '?').join(', ')})`,
        [alert.id, alert.tenantId, alert.metric, alert.month, alert.kind, alert.threshold, alert.used, alert.monthlyLimit, alert.forecastDate, alert.createdAtMs],
        true,
      )) as QueryResult;
      if ((result.affected ?? 0) > 0) inserted.push(alert);
    }
    return inserted;
  }

  /** Returns the limit's notifyEmails, else the emails of the tenant's admins. */
  private async recipientsOf(manager: EntityManager, tenantId: string, notifyEmails: string[]): Promise<string[]> {
    if (notifyEmails.length > 0) return notifyEmails;
    const admins: Array<{ email: string }> = await manager.query(
      "SELECT email FROM users WHERE tenant_id = ? AND role = 'tenant_admin' ORDER BY email",
      [tenantId],
    );
    return admins.map((admin) => admin.email);
  }
}
