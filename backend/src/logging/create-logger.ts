import pino, { Logger } from 'pino';
import { Options as PinoHttpOptions } from 'pino-http';

import { Environment } from '../config/environment';

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

/**
 * Options for pino-http: the request id that Fastify assigned (see request-id.ts) on every line, and
 * only method, URL and status of each request.
 */
export function buildHttpLoggerOptions(logger: Logger): PinoHttpOptions {
  return {
    logger,
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
