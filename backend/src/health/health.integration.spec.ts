import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';

import { createTestApp, TestApp } from '../testing/create-test-app';
import { createTestDatabase, TestDatabase, testDialects } from '../testing/test-databases';

async function waitForLogEntry(
  testApp: TestApp,
  matches: (entry: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown> | undefined> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const entry = testApp.logEntries.find(matches);
    if (entry) return entry;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return undefined;
}

describe.each(testDialects())('HTTP surface on %s', (dialect) => {
  let database: TestDatabase;
  let testApp: TestApp;
  let frontendDir: string;

  beforeAll(async () => {
    frontendDir = mkdtempSync(join(tmpdir(), 'beyondask-frontend-'));
    writeFileSync(join(frontendDir, 'index.html'), '<!doctype html><title>dashboard</title><ba-root></ba-root>');
    writeFileSync(join(frontendDir, 'main-ABCD1234.js'), `console.log(${JSON.stringify('x'.repeat(4000))});`);
    database = await createTestDatabase(dialect);
    testApp = await createTestApp(database.url, { frontendDir });
  });

  afterAll(async () => {
    await testApp?.close();
    await database?.drop();
    rmSync(frontendDir, { recursive: true, force: true });
  });

  it('reports health ok with a database ping', async () => {
    const response = await request(testApp.app.getHttpServer()).get('/api/health').expect(200);

    expect(response.body.status).toBe('ok');
    expect(response.body.details.database.status).toBe('up');
  });

  it('serves the OpenAPI document with bearer and API-key schemes', async () => {
    const response = await request(testApp.app.getHttpServer()).get('/api/docs-json').expect(200);

    expect(response.body.openapi).toMatch(/^3\./);
    expect(response.body.components.securitySchemes).toEqual({
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      'api-key': { type: 'apiKey', in: 'header', name: 'X-API-Key' },
    });
    expect(Object.keys(response.body.paths)).toContain('/api/health');
  });

  it('serves Swagger UI', async () => {
    const response = await request(testApp.app.getHttpServer()).get('/api/docs').expect(200);

    expect(response.text).toContain('swagger-ui');
  });

  it('serves the dashboard at / and on client-side routes', async () => {
    const root = await request(testApp.app.getHttpServer()).get('/').expect(200);
    const deepLink = await request(testApp.app.getHttpServer()).get('/usage/words/2026-11').expect(200);

    expect(root.text).toContain('<ba-root>');
    expect(deepLink.text).toContain('<ba-root>');
  });

  it('compresses dashboard files and lets browsers keep hashed ones', async () => {
    const script = await request(testApp.app.getHttpServer()).get('/main-ABCD1234.js').set('Accept-Encoding', 'gzip').expect(200);
    const page = await request(testApp.app.getHttpServer()).get('/dashboard').expect(200);

    expect(script.headers['content-encoding']).toBe('gzip');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(page.headers['cache-control']).toBe('no-cache');
  });

  it('leaves API responses uncompressed', async () => {
    const response = await request(testApp.app.getHttpServer()).get('/api/docs-json').set('Accept-Encoding', 'gzip').expect(200);

    expect(response.headers['content-encoding']).toBeUndefined();
  });

  it('answers unknown API routes with a JSON 404, not the dashboard', async () => {
    const response = await request(testApp.app.getHttpServer()).get('/api/v1/nothing-here').expect(404);

    expect(response.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /api/v1/nothing-here' });
  });

  it('echoes a plain X-Request-Id and replaces an oversized one', async () => {
    const server = testApp.app.getHttpServer();

    const plain = await request(server).get('/api/health').set('X-Request-Id', 'abc-123');
    const forged = await request(server).get('/api/health').set('X-Request-Id', 'x'.repeat(65));

    expect(plain.headers['x-request-id']).toBe('abc-123');
    expect(forged.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs requests without addresses or headers', async () => {
    await request(testApp.app.getHttpServer())
      .get('/api/health')
      .set('X-Request-Id', 'log-check')
      .set('Authorization', 'Bearer secret-token');

    // pino-http writes the line when the response finishes, which may be after the client has read it.
    const line = await waitForLogEntry(testApp, (entry) => (entry.req as { id?: string } | undefined)?.id === 'log-check');

    expect(line).toMatchObject({ msg: 'request completed', req: { method: 'GET', url: '/api/health' }, res: { statusCode: 200 } });
    expect(JSON.stringify(line)).not.toMatch(/remoteAddress|127\.0\.0\.1|::1|secret-token|headers/);
  });
});
