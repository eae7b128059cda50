import { INestApplication, ValidationPipe, VersioningType } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger as PinoNestLogger } from 'nestjs-pino';

import { AppModule, AppModuleOptions } from './app.module';
import { API_KEY_SECURITY, BEARER_SECURITY } from './common/security-schemes';
import { VALIDATION_OPTIONS } from './common/validation';
import { Environment, parseCorsOrigins } from './config/environment';

export const API_PREFIX = 'api';

/** Largest accepted request body; an ingestion batch of 1000 events fits. */
export const MAX_BODY_SIZE = '1mb';

/**
 * Creates the Nest application with its HTTP conventions; main.ts and the tests share it.
 * Call `listen` or `init` on the result.
 */
export async function createApplication(options: AppModuleOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(options), {
    bufferLogs: true,
    // The JSON parser is registered in configureApp with the size limit.
    bodyParser: false,
  });
  app.useLogger(app.get(PinoNestLogger));
  configureApp(app);
  return app;
}

/**
 * Applies the HTTP conventions shared by the server and the tests: `/api` prefix, URI versioning
 * (`/api/v1/...`, version-neutral routes such as `/api/health`), input validation and Swagger.
 */
export function configureApp(app: NestExpressApplication): void {
  const config = app.get<ConfigService<Environment, true>>(ConfigService);

  // One reverse proxy in front: req.ip is then the address it appended to X-Forwarded-For.
  app.set('trust proxy', config.get('TRUST_PROXY', { infer: true }) ? 1 : false);
  app.use(helmet());
  const origins = parseCorsOrigins(config.get('CORS_ORIGINS', { infer: true }));
  if (origins.length > 0) {
    app.enableCors({
      origin: origins,
      allowedHeaders: ['Authorization', 'Content-Type', 'X-API-Key', 'X-Request-Id', 'If-None-Match'],
      exposedHeaders: ['ETag', 'Retry-After', 'X-Request-Id'],
    });
  }
  app.useBodyParser('json', { limit: MAX_BODY_SIZE });

  app.setGlobalPrefix(API_PREFIX);
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  app.useGlobalPipes(new ValidationPipe(VALIDATION_OPTIONS));
  setupSwagger(app);
}

function setupSwagger(app: INestApplication): void {
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
