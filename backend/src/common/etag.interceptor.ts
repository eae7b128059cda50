import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { map, Observable } from 'rxjs';

/** Fields that change on every response without changing the data, left out of the ETag. */
const VOLATILE_FIELDS = new Set(['asOf']);

/**
 * Adds a strong ETag computed from the JSON body and responds 304 with no body when the request's
 * If-None-Match names it, so that dashboards can refresh cheaply.
 */
@Injectable()
export class ETagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();

    return next.handle().pipe(
      map((body: unknown) => {
        const stable = JSON.stringify(body, (key, value) => (VOLATILE_FIELDS.has(key) ? undefined : value));
        const etag = `"${createHash('sha256').update(stable).digest('base64url').slice(0, 27)}"`;
        reply.header('ETag', etag);
        reply.header('Cache-Control', 'private, no-cache');

        const requested = request.headers['if-none-match'];
        const matches = typeof requested === 'string' && requested.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
        if (matches) {
          reply.status(HttpStatus.NOT_MODIFIED);
          return undefined;
        }
        return body;
      }),
    );
  }
}
