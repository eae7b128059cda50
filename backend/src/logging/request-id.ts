import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';

/** Accepts a caller's request id only when it is short and plain, so that logs cannot be forged. */
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** Returns the caller's X-Request-Id when it is plain, or a new UUID; Fastify calls it per request. */
export function requestIdOf(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && REQUEST_ID_PATTERN.test(header) ? header : randomUUID();
}
