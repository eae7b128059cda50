import { performance } from 'node:perf_hooks';
import request from 'supertest';

import { createTestApp, TestApp } from '../testing/create-test-app';
import { expiredToken } from '../testing/forged-tokens';
import { createTestDatabase, TestDatabase } from '../testing/test-databases';

const JWT_SECRET = 'login-test-secret-of-at-least-32-characters';
const ADMIN = { email: 'platform@beyondask.test', password: 'platform-admin-password' };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

describe('login', () => {
  let database: TestDatabase;
  let testApp: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    testApp = await createTestApp(database.url, {
      variables: { JWT_SECRET, JWT_EXPIRES_IN: '15m', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
    });
  });

  afterAll(async () => {
    await testApp?.close();
    await database?.drop();
  });

  function login(email: string, password: string) {
    return request(testApp.app.getHttpServer()).post('/api/v1/auth/login').send({ email, password });
  }

  it('returns a bearer token with the configured lifetime', async () => {
    const response = await login(ADMIN.email, ADMIN.password);
    const claims = JSON.parse(Buffer.from(response.body.accessToken.split('.')[1], 'base64url').toString('utf8'));

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { email: ADMIN.email, role: 'platform_admin', tenantId: null },
    });
    expect(claims.exp - claims.iat).toBe(900);
  });

  it('reports one message per invalid field', async () => {
    const token = (await login(ADMIN.email, ADMIN.password)).body.accessToken as string;

    const response = await request(testApp.app.getHttpServer())
      .post('/api/v1/admin/tenants')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 42, storageQuotaBytes: 'lots' });

    expect(response.status).toBe(400);
    expect(response.body.message).toHaveLength(2);
    expect(response.body.message.filter((message: string) => message.startsWith('name '))).toHaveLength(1);
  });

  it('returns the user from /auth/me', async () => {
    const { body } = await login(ADMIN.email, ADMIN.password);

    const me = await request(testApp.app.getHttpServer()).get('/api/v1/auth/me').set('Authorization', `Bearer ${body.accessToken}`);

    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: body.user.id, email: ADMIN.email, role: 'platform_admin' });
  });

  it('tells an expired token apart', async () => {
    const { body } = await login(ADMIN.email, ADMIN.password);

    const me = await request(testApp.app.getHttpServer())
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${expiredToken(JWT_SECRET, body.user.id)}`);

    expect(me.status).toBe(401);
    expect(me.body.message).toBe('Access token expired; sign in again with POST /api/v1/auth/login');
  });

  it('takes as long for an unknown email as for a wrong password', async () => {
    const unknownEmail: number[] = [];
    const wrongPassword: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      let start = performance.now();
      await login(`nobody-${attempt}@beyondask.test`, 'wrong-password');
      unknownEmail.push(performance.now() - start);

      start = performance.now();
      await login(ADMIN.email, `wrong-password-${attempt}`);
      wrongPassword.push(performance.now() - start);
    }

    // Both verify an argon2 hash; skipping it for unknown emails would make them about 50 times faster.
    expect(median(unknownEmail)).toBeGreaterThan(median(wrongPassword) * 0.3);
  });
});
