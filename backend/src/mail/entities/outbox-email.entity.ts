import { randomUUID } from 'node:crypto';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { bigintTransformer } from '../../database/bigint.transformer';
import { Tenant } from '../../tenants/entities/tenant.entity';

/**
 * `pending`: waits for its next attempt. `sending`: claimed by a worker until the claim expires.
 * `sent`: the SMTP server accepted it. `logged`: written to the log because SMTP_URL is unset.
 * `failed`: gave up after the maximum number of attempts.
 */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'logged', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** One email to one recipient, written in the same transaction as whatever caused it and sent by OutboxWorker. */
@Entity({ name: 'email_outbox' })
@Index('IDX_email_outbox_status_next_attempt', ['status', 'nextAttemptAtMs'])
export class OutboxEmail {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string = randomUUID();

  @Column({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'FK_email_outbox_tenant_id' })
  tenant?: Tenant;

  /** The limit alert that caused the email, if any. */
  @Column({ name: 'alert_id', type: 'varchar', length: 36, nullable: true })
  alertId: string | null;

  @Column({ type: 'varchar', length: 254 })
  recipient: string;

  @Column({ type: 'varchar', length: 300 })
  subject: string;

  @Column({ name: 'text_body', type: 'text' })
  textBody: string;

  @Column({ name: 'html_body', type: 'text' })
  htmlBody: string;

  @Column({ type: 'varchar', length: 16 })
  status: OutboxStatus;

  /** Delivery attempts started, counted when a worker claims the row. */
  @Column({ type: 'int' })
  attempts: number;

  @Column({ name: 'next_attempt_at_ms', type: 'bigint', transformer: bigintTransformer })
  nextAttemptAtMs: number;

  /** Identifies the worker's claim while the row is `sending`. */
  @Column({ name: 'claim_token', type: 'varchar', length: 36, nullable: true })
  claimToken: string | null;

  @Column({ name: 'claim_expires_at_ms', type: 'bigint', nullable: true, transformer: bigintTransformer })
  claimExpiresAtMs: number | null;

  /** The SMTP or connection error of the last failed attempt. */
  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  /** Message-ID header of the sent email. */
  @Column({ name: 'message_id', type: 'varchar', length: 255, nullable: true })
  messageId: string | null;

  @Column({ name: 'created_at_ms', type: 'bigint', transformer: bigintTransformer })
  createdAtMs: number;

  @Column({ name: 'sent_at_ms', type: 'bigint', nullable: true, transformer: bigintTransformer })
  sentAtMs: number | null;
}
