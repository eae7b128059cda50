import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import pino, { Logger } from 'pino';
import { Options as PinoHttpOptions } from 'pino-http';

import { Environment } from '../config/environment';

/** Accepts a caller's request id only when it is short and plain, so that logs cannot be forged. */
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Creates the process logger: JSON lines in production, one pretty line per entry elsewhere.
 * Authorization, cookie and API-key headers are never serialized, and neither is the client IP.
 */
export function createLogger(environment: Pick<Environment, 'NODE_ENV' | 'LOG_LEVEL'>): Logger {
  const pretty = environment.NODE_ENV === 'development';
  return pino({
    level: environment.LOG_LEVEL,
    base: { service: 'beyondask-usage-metrics' },
    redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'],
    transport: pretty
      ? {
          target: 'pino-pretty',
          options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' },
        }
      : undefined,
  });
}

/** Options for pino-http: a request id on every line, and only method, URL and status of each request. */
export function buildHttpLoggerOptions(logger: Logger): PinoHttpOptions {
  return {
    logger,
    genReqId: (request: IncomingMessage, response: ServerResponse) => {
      const header = request.headers['x-request-id'];
      const requestId = typeof header === 'string' && REQUEST_ID_PATTERN.test(header) ? header : randomUUID();
      response.setHeader('X-Request-Id', requestId);
      return requestId;
    },
    serializers: {
      req: (request: { id: string; method: string; url: string }) => ({
        id: request.id,
        method: request.method,
        url: request.url,
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
    customLogLevel: (_request, response, error) => {
      if (error || response.statusCode >= 500) return 'error';
      if (response.statusCode >= 400) return 'warn';
      return 'info';
    },
  };
}
