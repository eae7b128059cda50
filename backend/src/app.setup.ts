import { INestApplication, ValidationPipe, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoNestLogger } from 'nestjs-pino';

import { AppModule, AppModuleOptions } from './app.module';

export const API_PREFIX = 'api';
export const API_KEY_SECURITY = 'api-key';
export const BEARER_SECURITY = 'bearer';

/**
 * Creates the Nest application with its HTTP conventions; main.ts and the tests share it.
 * Call `listen` or `init` on the result.
 */
export async function createApplication(options: AppModuleOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(options), { bufferLogs: true });
  app.useLogger(app.get(PinoNestLogger));
  configureApp(app);
  return app;
}

/**
 * Applies the HTTP conventions shared by the server and the tests: `/api` prefix, URI versioning
 * (`/api/v1/...`, version-neutral routes such as `/api/health`), input validation and Swagger.
 */
export function configureApp(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX);
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
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
