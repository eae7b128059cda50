import { ConfigService } from '@nestjs/config';
import { createTransport, Transporter } from 'nodemailer';

import { Environment } from '../config/environment';

/** Token for the nodemailer transporter, or null when SMTP_URL is unset. */
export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

/**
 * Timeouts of one SMTP delivery, in milliseconds. They keep a send well inside the outbox claim, so
 * no other worker takes the email over while this one still talks to the server.
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** Builds a transporter from SMTP_URL: one connection per email, no pool, so a restarted server is picked up at once. */
export function createMailTransport(config: ConfigService<Environment, true>): Transporter | null {
  const url = config.get('SMTP_URL', { infer: true });
  if (!url) return null;
  return createTransport({ url, ...SMTP_TIMEOUTS });
}
