import request from 'supertest';

import { createTestApp, TestApp } from '../testing/create-test-app';
import { createTestDatabase, TestDatabase } from '../testing/test-databases';

const VARIABLES = {
  JWT_SECRET: 'hardening-test-secret-of-at-least-32-characters',
  ADMIN_EMAIL: 'platform@beyondask.test',
  ADMIN_PASSWORD: 'platform-admin-password',
};

interface OpenApiOperation {
  security?: Array<Record<string, string[]>>;
  responses: Record<string, unknown>;
  'x-required-roles'?: string[];
}

describe('HTTP hardening', () => {
  let database: TestDatabase;
  let closed: TestApp;
  let open: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    closed = await createTestApp(database.url, { variables: VARIABLES });
    open = await createTestApp(database.url, {
      variables: { ...VARIABLES, CORS_ORIGINS: 'https://app.example.com, http://localhost:4200' },
    });
  });

  afterAll(async () => {
    await closed?.close();
    await open?.close();
    await database?.drop();
  });

  it('sends helmet security headers', async () => {
    const response = await request(closed.app.getHttpServer()).get('/api/health');

    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('keeps CORS closed by default', async () => {
    const response = await request(closed.app.getHttpServer())
      .options('/api/v1/auth/me')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'GET');

    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows only the configured CORS origins', async () => {
    const allowed = await request(open.app.getHttpServer())
      .options('/api/v1/auth/me')
      .set('Origin', 'http://localhost:4200')
      .set('Access-Control-Request-Method', 'GET');
    const other = await request(open.app.getHttpServer())
      .options('/api/v1/auth/me')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'GET');

    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:4200');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('rejects a body over 1 MB with 413', async () => {
    const response = await request(closed.app.getHttpServer())
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'x@y.test', password: 'p'.repeat(1_100_000) }));

    expect(response.status).toBe(413);
    expect(response.body).toEqual({ statusCode: 413, error: 'Payload Too Large', message: 'Request body is too large' });
  });

  it('rejects an unsupported content type with 415', async () => {
    const response = await request(closed.app.getHttpServer())
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/xml')
      .send('<login/>');

    expect(response.status).toBe(415);
    expect(response.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
  });

  it('drops a __proto__ key instead of failing the body', async () => {
    const response = await request(closed.app.getHttpServer())
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"__proto__": {"admin": true}, "email": "nobody@beyondask.test", "password": "wrong"}');

    expect(response.status).toBe(401);
    expect(({} as { admin?: boolean }).admin).toBeUndefined();
  });

  it('rejects malformed JSON with 400', async () => {
    const response = await request(closed.app.getHttpServer())
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": ');

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: "Body is not valid JSON but content-type is set to 'application/json'",
    });
  });

  it('documents security, roles and errors of every operation', async () => {
    const document = (await request(closed.app.getHttpServer()).get('/api/docs-json')).body as {
      paths: Record<string, Record<string, OpenApiOperation>>;
    };
    const publicOperations = ['post /api/v1/auth/login', 'get /api/health'];
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ name: `${method} ${path}`, operation })),
    );

    for (const { name, operation } of operations) {
      if (publicOperations.includes(name)) {
        expect({ name, security: operation.security }).toEqual({ name, security: undefined });
        continue;
      }
      expect({ name, documented: operation.security?.length ?? 0 }).toEqual({ name, documented: 1 });
      expect({ name, has401: '401' in operation.responses }).toEqual({ name, has401: true });
      if (operation['x-required-roles']) {
        expect({ name, has403: '403' in operation.responses }).toEqual({ name, has403: true });
      }
    }
    expect(document.paths['/api/v1/tenants/{tenantId}/api-keys'].post['x-required-roles']).toEqual([
      'tenant_admin',
      'platform_admin',
    ]);
    expect(document.paths['/api/v1/api-keys/current'].get.security).toEqual([{ 'api-key': [] }]);
  });
});
