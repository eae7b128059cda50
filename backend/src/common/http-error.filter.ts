import { ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { FastifyReply } from 'fastify';
import { STATUS_CODES } from 'node:http';

/**
 * Gives every error response NestJS's shape, `{statusCode, error, message}`. The Fastify adapter turns
 * errors raised before a route runs (a body over the limit, malformed JSON, an unsupported content
 * type) into an HttpException with a plain string, which would lose the `error` field.
 */
@Catch(HttpException)
export class HttpErrorFilter extends BaseExceptionFilter {
  override catch(exception: HttpException, host: ArgumentsHost): void {
    const body = exception.getResponse();
    if (typeof body !== 'string') {
      super.catch(exception, host);
      return;
    }

    const statusCode = exception.getStatus();
    host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(statusCode)
      .send({ statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message: body });
  }
}
