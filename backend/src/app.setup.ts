import { join } from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { ValidationPipe, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyInstance, FastifyReply } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { existsSync } from 'node:fs';
import { Logger as PinoNestLogger } from 'nestjs-pino';

import { AppModule, AppModuleOptions } from './app.module';
import { HttpErrorFilter } from './common/http-error.filter';
import { API_KEY_SECURITY, BEARER_SECURITY } from './common/security-schemes';
import { VALIDATION_OPTIONS } from './common/validation';
import { Environment, parseCorsOrigins } from './config/environment';
import { requestIdOf } from './logging/request-id';

export const API_PREFIX = 'api';

/** Largest accepted request body, in bytes (1 MiB); an ingestion batch of 1000 events fits. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Creates the Nest application on Fastify with its HTTP conventions; main.ts and the tests share it.
 * Call `listen` or `init` on the result.
 */
export async function createApplication(options: AppModuleOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: MAX_BODY_BYTES,
    // One reverse proxy in front: request.ip is then the address it appended to X-Forwarded-For.
    trustProxy: options.environment.TRUST_PROXY ? (_address: string, hop: number) => hop < 1 : false,
    genReqId: requestIdOf,
    // A "__proto__" key is dropped instead of failing the whole body as "not valid JSON".
    onProtoPoisoning: 'remove',
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(options), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(PinoNestLogger));
  await configureApp(app, options.environment, options.frontendDir);
  return app;
}

/**
 * Applies the HTTP conventions: security headers, CORS, `/api` prefix, URI versioning (`/api/v1/...`,
 * version-neutral routes such as `/api/health`), input validation, Swagger and the dashboard.
 */
async function configureApp(app: NestFastifyApplication, environment: Environment, frontendDir: string): Promise<void> {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      reply.header('X-Request-Id', request.id);
      done();
    });
  await app.register(fastifyHelmet);
  const origins = parseCorsOrigins(environment.CORS_ORIGINS);
  if (origins.length > 0) {
    app.enableCors({
      origin: origins,
      allowedHeaders: ['Authorization', 'Content-Type', 'X-API-Key', 'X-Request-Id', 'If-None-Match'],
      exposedHeaders: ['ETag', 'Retry-After', 'X-Request-Id'],
    });
  }

  app.setGlobalPrefix(API_PREFIX);
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  app.useGlobalPipes(new ValidationPipe(VALIDATION_OPTIONS));
  app.useGlobalFilters(new HttpErrorFilter(app.getHttpAdapter()));
  setupSwagger(app);

  if (existsSync(join(frontendDir, 'index.html'))) {
    await serveDashboard(app, frontendDir);
  }
}

/**
 * Serves the built dashboard at `/`. Paths that are neither API routes nor files get index.html, so
 * that Angular routes can be deep-linked; unknown `/api` paths keep their JSON 404.
 */
async function serveDashboard(app: NestFastifyApplication, frontendDir: string): Promise<void> {
  // A child scope, so compression applies to the dashboard's files only and never buffers the API's
  // event streams.
  await app.register(async (scope: FastifyInstance) => {
    await scope.register(fastifyCompress, { threshold: 1024 });
    await scope.register(fastifyStatic, { root: frontendDir, wildcard: false, setHeaders: setDashboardCacheHeaders });
    scope.get('/*', (request, reply) => {
      const path = request.url.split('?')[0];
      if (path === `/${API_PREFIX}` || path.startsWith(`/${API_PREFIX}/`)) {
        return reply.code(404).send({ message: `Cannot GET ${request.url}`, error: 'Not Found', statusCode: 404 });
      }
      return reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html');
    });
  });
}

/** File names with a content hash (main-6VQ6352S.js) never change, so browsers may keep them. */
const HASHED_FILE = /-[A-Z0-9]{8}\.(js|css|woff2?)$/;

function setDashboardCacheHeaders(reply: FastifyReply, path: string): void {
  reply.header('Cache-Control', HASHED_FILE.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
}

function setupSwagger(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('BeyondAsk Usage Metrics API')
    .setDescription(
      'Usage of BeyondAsk tenants: words processed by AI agents, API requests, visitor questions, ' +
        'contacts and storage. Users sign in for a bearer token; ingestion uses a tenant API key.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SECURITY)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, API_KEY_SECURITY)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${API_PREFIX}/docs-json` });
}
