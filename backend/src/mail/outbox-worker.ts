import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Transporter } from 'nodemailer';
import { DataSource, QueryResult } from 'typeorm';

import { Environment } from '../config/environment';
import { MAIL_TRANSPORT } from './mail-transport';
import { describeSmtpError } from './smtp-error';

/** How often every instance looks for due emails; an alert also wakes the worker of its instance at once. */
const POLL_INTERVAL_MS = 5000;
/** How long a claim lasts; far longer than one delivery with SMTP_TIMEOUTS, so only a dead worker loses its claim. */
export const CLAIM_TTL_MS = 2 * 60_000;
const ROWS_PER_BATCH = 50;

/** Attempts before an email is marked failed: with the delays below, retries go on for about 12 hours. */
export const MAX_ATTEMPTS = 20;
const FIRST_RETRY_DELAY_MS = 15_000;
const MAX_RETRY_DELAY_MS = 60 * 60_000;

/** Returns the wait after the given failed attempt (1-based): 15 s, doubling each time, at most 1 hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS);
}

export interface OutboxRunResult {
  sent: number;
  logged: number;
  retried: number;
  failed: number;
}

interface ClaimedEmail {
  id: string;
  tenant_id: string;
  alert_id: string | null;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
}

/**
 * Delivers the email outbox. Any number of instances may run it against one database: each row is
 * claimed by a conditional UPDATE before it is sent, and a claim that outlives CLAIM_TTL_MS (its
 * worker died) can be taken over. Failed deliveries wait with exponential backoff; after
 * MAX_ATTEMPTS the row is marked failed. Without SMTP_URL each email is logged instead of sent.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxWorker.name);
  private readonly mailFrom: string;
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private runAgain = false;
  private stopped = false;
  private paused = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MAIL_TRANSPORT) private readonly transport: Transporter | null,
    config: ConfigService<Environment, true>,
  ) {
    this.mailFrom = config.get('MAIL_FROM', { infer: true });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.wake(), POLL_INTERVAL_MS);
    this.wake();
    this.logger.log({ smtp: this.transport !== null, pollIntervalMs: POLL_INTERVAL_MS }, this.transport ? 'Started the email outbox worker' : 'Started the email outbox worker; SMTP_URL is unset, so emails are logged, not sent');
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    this.transport?.close();
    this.logger.log('Stopped the email outbox worker');
  }

  /** Stops the passes on the schedule and on wake(), for tests that call processDue themselves. */
  pause(): void {
    clearInterval(this.timer);
    this.paused = true;
  }

  /** Starts a pass over the due emails soon, or right after the pass in progress. */
  wake(): void {
    if (this.stopped || this.paused) return;
    if (this.running) {
      this.runAgain = true;
      return;
    }

    this.running = this.processDue()
      .then(() => undefined)
      .catch((error: Error) => this.logger.error({ err: error }, 'Email outbox pass failed; the next pass retries'))
      .finally(() => {
        this.running = null;
        if (this.runAgain) {
          this.runAgain = false;
          this.wake();
        }
      });
  }

  /** Delivers every email due at `nowMs`, each once, and returns what happened to them. */
  async processDue(nowMs = Date.now()): Promise<OutboxRunResult> {
    const result: OutboxRunResult = { sent: 0, logged: 0, retried: 0, failed: 0 };
    const seen = new Set<string>();

    for (;;) {
      const candidates: Array<{ id: string }> = await this.dataSource.query(
        `SELECT id FROM email_outbox
         WHERE (status = 'pending' AND next_attempt_at_ms <= ?) OR (status = 'sending' AND claim_expires_at_ms < ?)
         ORDER BY next_attempt_at_ms LIMIT ${ROWS_PER_BATCH}`,
        [nowMs, nowMs],
      );
      const fresh = candidates.filter((row) => !seen.has(row.id));
      if (fresh.length === 0 || this.stopped) return result;

      for (const { id } of fresh) {
        seen.add(id);
        const email = await this.claim(id, nowMs);
        if (email) result[await this.deliver(email, nowMs)]++;
      }
    }
  }

  /** Claims one email for this worker; returns null when another worker has it or it is no longer due. */
  private async claim(id: string, nowMs: number): Promise<ClaimedEmail | null> {
    const token = randomUUID();
    const runner = this.dataSource.createQueryRunner();
    try {
      const result = (await runner.query(
        `UPDATE email_outbox SET status = 'sending', claim_token = ?, claim_expires_at_ms = ?, attempts = attempts + 1
         WHERE id = ? AND ((status = 'pending' AND next_attempt_at_ms <= ?) OR (status = 'sending' AND claim_expires_at_ms < ?))`,
        [token, nowMs + CLAIM_TTL_MS, id, nowMs, nowMs],
        true,
      )) as QueryResult;
      if ((result.affected ?? 0) === 0) return null;
    } finally {
      await runner.release();
    }

    const [email]: ClaimedEmail[] = await this.dataSource.query(
      `SELECT id, tenant_id, alert_id, recipient, subject, text_body, html_body, attempts FROM email_outbox WHERE id = ? AND claim_token = ?`,
      [id, token],
    );
    return email ? { ...email, attempts: Number(email.attempts) } : null;
  }

  private async deliver(email: ClaimedEmail, nowMs: number): Promise<keyof OutboxRunResult> {
    const ids = { outboxId: email.id, alertId: email.alert_id, tenantId: email.tenant_id };
    if (!this.transport) {
      this.logger.log({ ...ids, recipients: 1, subject: email.subject }, 'Logged an alert email instead of sending it, because SMTP_URL is unset');
      await this.markDone(email, 'logged', null, nowMs);
      return 'logged';
    }

    let messageId: string;
    try {
      const info = await this.transport.sendMail({
        from: this.mailFrom,
        to: email.recipient,
        subject: email.subject,
        text: email.text_body,
        html: email.html_body,
        // A fixed Message-ID marks a copy from the crash window below as the same email, which some mail systems use to drop it.
        messageId: `<${email.id}@${this.messageIdDomain()}>`,
      });
      messageId = info.messageId;
    } catch (error) {
      return this.scheduleRetry(email, error, nowMs);
    }

    // NOTE: the server has accepted the email, but the row is still `sending`. If the process dies
    // before markDone commits, or markDone fails three times, another worker sends the email again
    // once the claim expires. Only this window makes delivery at least once instead of exactly once.
    await this.markDone(email, 'sent', messageId, nowMs);
    this.logger.log({ ...ids, attempts: email.attempts }, 'Sent an alert email');
    return 'sent';
  }

  /** Records a finished delivery, retrying briefly, because a lost update here means a second send later. */
  private async markDone(email: ClaimedEmail, status: 'sent' | 'logged', messageId: string | null, nowMs: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.dataSource.query(
          `UPDATE email_outbox SET status = ?, message_id = ?, sent_at_ms = ?, claim_token = NULL, claim_expires_at_ms = NULL, last_error = NULL
           WHERE id = ?`,
          [status, messageId, nowMs, email.id],
        );
        return;
      } catch (error) {
        if (attempt >= 3) {
          this.logger.error({ err: error, outboxId: email.id, status }, 'Failed to record a delivered email; it may be sent again when its claim expires');
          return;
        }
        await new Promise((retry) => setTimeout(retry, 200 * attempt));
      }
    }
  }

  private async scheduleRetry(email: ClaimedEmail, error: unknown, nowMs: number): Promise<'retried' | 'failed'> {
    const reason = describeSmtpError(error);
    const ids = { outboxId: email.id, alertId: email.alert_id, tenantId: email.tenant_id, attempts: email.attempts };

    if (email.attempts >= MAX_ATTEMPTS) {
      await this.dataSource.query(
        `UPDATE email_outbox SET status = 'failed', last_error = ?, claim_token = NULL, claim_expires_at_ms = NULL WHERE id = ?`,
        [reason, email.id],
      );
      this.logger.error({ ...ids, reason }, `Gave up on an alert email after ${MAX_ATTEMPTS} attempts`);
      return 'failed';
    }

    const nextAttemptAtMs = nowMs + retryDelayMs(email.attempts);
    await this.dataSource.query(
      `UPDATE email_outbox SET status = 'pending', next_attempt_at_ms = ?, last_error = ?, claim_token = NULL, claim_expires_at_ms = NULL WHERE id = ?`,
      [nextAttemptAtMs, reason, email.id],
    );
    this.logger.warn({ ...ids, reason, nextAttemptAt: new Date(nextAttemptAtMs).toISOString() }, 'Failed to send an alert email; retrying later');
    return 'retried';
  }

  /** Returns the domain of MAIL_FROM, for Message-ID headers. */
  private messageIdDomain(): string {
    return /@([^>\s]+)/.exec(this.mailFrom)?.[1] ?? 'beyondask.local';
  }
}
