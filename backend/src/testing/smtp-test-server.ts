import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** An email as the test SMTP server received it, with its text parts decoded. */
export interface ReceivedEmail {
  from: string;
  to: string[];
  subject: string;
  messageId: string;
  text: string;
  html: string;
  raw: string;
}

/** Turns folded header lines back into one line each (RFC 5322 unfolding). */
function headerOf(head: string, name: string): string {
  const unfolded = head.replace(/\r\n(?=[ \t])/g, '');
  const line = unfolded.split('\r\n').find((candidate) => candidate.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : '';
}

function decodeQuotedPrintable(body: string): string {
  const escaped = body.replace(/%/g, '%25').replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, '%$1');
  return decodeURIComponent(escaped);
}

/** Returns the decoded body of the part with this content type in a MIME message. */
function partOf(raw: string, contentType: string): string {
  for (const part of raw.split(/\r\n--[^\r\n]+\r\n/)) {
    const split = part.indexOf('\r\n\r\n');
    const head = part.slice(0, split);
    if (!headerOf(head, 'Content-Type').startsWith(contentType)) continue;

    const body = part.slice(split + 4).replace(/\r\n--[^\r\n]+--\r\n?$/, '');
    const encoding = headerOf(head, 'Content-Transfer-Encoding').toLowerCase();
    if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
    if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
    return body;
  }
  return '';
}

/** A real SMTP server in the test process on 127.0.0.1, recording every email it accepts. */
export class SmtpTestServer {
  readonly received: ReceivedEmail[] = [];
  private server?: SMTPServer;
  private port = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Listens on a random port, or again on the port of an earlier start. */
  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
          this.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            subject: headerOf(head, 'Subject'),
            messageId: headerOf(head, 'Message-ID'),
            text: partOf(raw, 'text/plain'),
            html: partOf(raw, 'text/html'),
            raw,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops accepting connections, as an SMTP outage would. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Waits until emails to `recipient` number at least `count`, and returns them. */
  async waitFor(recipient: string, count: number, timeoutMs = 15_000): Promise<ReceivedEmail[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const emails = this.to(recipient);
      if (emails.length >= count) return emails;
      if (Date.now() > deadline) throw new Error(`expected ${count} emails to ${recipient} within ${timeoutMs} ms, got ${emails.length}`);
      await new Promise((retry) => setTimeout(retry, 50));
    }
  }

  to(recipient: string): ReceivedEmail[] {
    return this.received.filter((email) => email.to.includes(recipient));
  }
}
