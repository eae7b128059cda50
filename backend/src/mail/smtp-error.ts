const EMAIL_ADDRESS = /[^\s<>"'@]+@[^\s<>"'@]+/g;

/**
 * Describes a failed delivery for the log and the outbox row: error code, SMTP response code and
 * message, with email addresses replaced, because SMTP servers quote the rejected recipient.
 */
export function describeSmtpError(error: unknown): string {
  const { code, responseCode, message } = error as { code?: string; responseCode?: number; message?: string };
  const parts = [code, responseCode, (message ?? String(error)).replace(EMAIL_ADDRESS, '<address>')];
  return parts
    .filter((part) => part !== undefined && part !== '')
    .join(' ')
    .slice(0, 500);
}
