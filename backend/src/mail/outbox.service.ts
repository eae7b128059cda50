import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { rowPlaceholders } from '../database/sql';
import { OutboxEmail } from './entities/outbox-email.entity';

export interface NewEmail {
  tenantId: string;
  alertId: string | null;
  recipient: string;
  subject: string;
  textBody: string;
  htmlBody: string;
}

const COLUMNS = [
  'id',
  'tenant_id',
  'alert_id',
  'recipient',
  'subject',
  'text_body',
  'html_body',
  'status',
  'attempts',
  'next_attempt_at_ms',
  'created_at_ms',
];

/** Writes emails to the outbox inside the caller's transaction, so they exist exactly when what caused them commits. */
@Injectable()
export class OutboxService {
  async enqueue(manager: EntityManager, emails: NewEmail[], nowMs: number): Promise<string[]> {
    if (emails.length === 0) return [];

    const rows = emails.map((email) => Object.assign(new OutboxEmail(), email));
    await manager.query(
      `INSERT INTO email_outbox (${COLUMNS.join(', ')}) VALUES ${rowPlaceholders(rows.length, COLUMNS.length)}`,
      rows.flatMap((row) => [row.id, row.tenantId, row.alertId, row.recipient, row.subject, row.textBody, row.htmlBody, 'pending', 0, nowMs, nowMs]),
    );
    return rows.map((row) => row.id);
  }
}
