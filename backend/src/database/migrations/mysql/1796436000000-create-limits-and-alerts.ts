import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

export class CreateLimitsAndAlerts1796436000000 implements MigrationInterface {
  name = 'CreateLimitsAndAlerts1796436000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE usage_limits (
        tenant_id varchar(36) NOT NULL,
        metric varchar(16) NOT NULL,
        monthly_limit bigint NOT NULL,
        thresholds varchar(100) NOT NULL,
        notify_emails text NOT NULL,
        updated_at_ms bigint NOT NULL,
        PRIMARY KEY (tenant_id, metric),
        CONSTRAINT FK_usage_limits_tenant_id FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE ON UPDATE NO ACTION
      ) ${TABLE_OPTIONS}`,
    );

    await queryRunner.query(
      `CREATE TABLE limit_alerts (
        id varchar(36) NOT NULL,
        tenant_id varchar(36) NOT NULL,
        metric varchar(16) NOT NULL,
        month varchar(7) NOT NULL,
        kind varchar(16) NOT NULL,
        threshold int NOT NULL,
        used bigint NOT NULL,
        monthly_limit bigint NOT NULL,
        forecast_date varchar(10) NULL,
        created_at_ms bigint NOT NULL,
        UNIQUE INDEX UQ_limit_alerts_tenant_metric_month_threshold (tenant_id, metric, month, threshold),
        PRIMARY KEY (id),
        CONSTRAINT FK_limit_alerts_tenant_id FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE ON UPDATE NO ACTION
      ) ${TABLE_OPTIONS}`,
    );

    await queryRunner.query(
      `CREATE TABLE notifications (
        id varchar(36) NOT NULL,
        tenant_id varchar(36) NOT NULL,
        kind varchar(32) NOT NULL,
        metric varchar(16) NULL,
        title varchar(200) NOT NULL,
        message varchar(1000) NOT NULL,
        alert_id varchar(36) NULL,
        link varchar(200) NULL,
        created_at_ms bigint NOT NULL,
        INDEX IDX_notifications_tenant_created (tenant_id, created_at_ms),
        PRIMARY KEY (id),
        CONSTRAINT FK_notifications_tenant_id FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE ON UPDATE NO ACTION
      ) ${TABLE_OPTIONS}`,
    );

    await queryRunner.query(
      `CREATE TABLE notification_reads (
        notification_id varchar(36) NOT NULL,
        user_id varchar(36) NOT NULL,
        read_at_ms bigint NOT NULL,
        PRIMARY KEY (notification_id, user_id),
        CONSTRAINT FK_notification_reads_notification_id FOREIGN KEY (notification_id) REFERENCES notifications (id) ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT FK_notification_reads_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE NO ACTION
      ) ${TABLE_OPTIONS}`,
    );

    await queryRunner.query(
      `CREATE TABLE email_outbox (
        id varchar(36) NOT NULL,
        tenant_id varchar(36) NOT NULL,
        alert_id varchar(36) NULL,
        recipient varchar(254) NOT NULL,
        subject varchar(300) NOT NULL,
        text_body text NOT NULL,
        html_body text NOT NULL,
        status varchar(16) NOT NULL,
        attempts int NOT NULL,
        next_attempt_at_ms bigint NOT NULL,
        claim_token varchar(36) NULL,
        claim_expires_at_ms bigint NULL,
        last_error varchar(500) NULL,
        message_id varchar(255) NULL,
        created_at_ms bigint NOT NULL,
        sent_at_ms bigint NULL,
        INDEX IDX_email_outbox_status_next_attempt (status, next_attempt_at_ms),
        PRIMARY KEY (id),
        CONSTRAINT FK_email_outbox_tenant_id FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE ON UPDATE NO ACTION
      ) ${TABLE_OPTIONS}`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['email_outbox', 'notification_reads', 'notifications', 'limit_alerts', 'usage_limits']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
