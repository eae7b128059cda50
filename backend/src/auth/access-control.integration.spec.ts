import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { createTestApp, TestApp } from '../testing/create-test-app';
import {
  expiredToken,
  tokenWithEditedRole,
  tokenWithOtherSecret,
  unsignedToken,
} from '../testing/forged-tokens';
import { createTestDatabase, TestDatabase, testDialects } from '../testing/test-databases';

const JWT_SECRET = 'access-control-test-secret-of-at-least-32-characters';
const ADMIN = { email: 'platform@beyondask.test', password: 'platform-admin-password' };
const PASSWORD = 'tenant-user-password';

const CALLERS = [
  'anonymous',
  'memberA',
  'adminA',
  'adminB',
  'platform',
  'apiKey',
  'revokedKey',
  'expiredToken',
  'otherSecret',
  'algNone',
  'roleEdited',
] as const;
type Caller = (typeof CALLERS)[number];

interface Fixture {
  tenantA: { id: string; name: string };
  tenantB: { id: string; name: string };
  memberA: { id: string; email: string };
  adminA: { email: string };
  apiKeyA: { key: string; prefix: string };
  revokableKeyId: string;
  headers: Record<Caller, Record<string, string>>;
}

interface Exchange {
  method: string;
  path: string;
  status: number;
  body: unknown;
  text: string;
}

interface Endpoint {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: (fixture: Fixture) => string;
  body?: () => object;
  /** Expected status per caller; callers left out expect `otherwise`. */
  expect: Partial<Record<Caller, number>>;
  otherwise: number;
}

const TOKEN_CALLERS_ALLOWED_TO_SIGN_IN: Caller[] = ['memberA', 'adminA', 'adminB', 'platform'];

function everySignedIn(status: number): Partial<Record<Caller, number>> {
  return Object.fromEntries(TOKEN_CALLERS_ALLOWED_TO_SIGN_IN.map((caller) => [caller, status]));
}

/** Every endpoint of the API with the status each caller must get. */
const ENDPOINTS: Endpoint[] = [
  {
    method: 'get',
    path: () => '/api/health',
    expect: {},
    otherwise: 200,
  },
  {
    method: 'post',
    path: () => '/api/v1/auth/login',
    // A new email per call keeps this table below the per-email login limit.
    body: () => ({ email: `nobody-${randomUUID()}@zephyr.test`, password: 'wrong-password' }),
    expect: {},
    otherwise: 401,
  },
  {
    method: 'get',
    path: () => '/api/v1/auth/me',
    expect: everySignedIn(200),
    otherwise: 401,
  },
  {
    method: 'post',
    path: () => '/api/v1/admin/tenants',
    body: () => ({ name: `Created ${randomUUID()}` }),
    expect: { platform: 201, memberA: 403, adminA: 403, adminB: 403 },
    otherwise: 401,
  },
  {
    method: 'get',
    path: () => '/api/v1/admin/tenants',
    expect: { platform: 200, memberA: 403, adminA: 403, adminB: 403 },
    otherwise: 401,
  },
  {
    method: 'patch',
    path: (fixture) => `/api/v1/admin/tenants/${fixture.tenantA.id}`,
    body: () => ({ storageQuotaBytes: 2_000_000_000 }),
    expect: { platform: 200, memberA: 403, adminA: 403, adminB: 404 },
    otherwise: 401,
  },
  {
    method: 'post',
    path: (fixture) => `/api/v1/admin/tenants/${fixture.tenantA.id}/users`,
    body: () => ({ email: `user-${randomUUID()}@a.test`, password: PASSWORD, role: 'member' }),
    expect: { platform: 201, adminA: 201, memberA: 403, adminB: 404 },
    otherwise: 401,
  },
  {
    method: 'get',
    path: (fixture) => `/api/v1/admin/tenants/${fixture.tenantA.id}/users`,
    expect: { platform: 200, adminA: 200, memberA: 403, adminB: 404 },
    otherwise: 401,
  },
  {
    method: 'post',
    path: (fixture) => `/api/v1/tenants/${fixture.tenantA.id}/api-keys`,
    body: () => ({ name: 'Table test key' }),
    expect: { platform: 201, adminA: 201, memberA: 403, adminB: 404 },
    otherwise: 401,
  },
  {
    method: 'get',
    path: (fixture) => `/api/v1/tenants/${fixture.tenantA.id}/api-keys`,
    expect: { platform: 200, adminA: 200, memberA: 403, adminB: 404 },
    otherwise: 401,
  },
  {
    method: 'delete',
    path: (fixture) => `/api/v1/tenants/${fixture.tenantA.id}/api-keys/${fixture.revokableKeyId}`,
    expect: { platform: 204, adminA: 204, memberA: 403, adminB: 404 },
    otherwise: 401,
  },
  {
    method: 'get',
    path: () => '/api/v1/api-keys/current',
    expect: { apiKey: 200 },
    otherwise: 401,
  },
  {
    method: 'post',
    path: () => '/api/v1/events',
    body: () => ({ events: [{ id: randomUUID(), type: 'api_request', occurredAt: new Date().toISOString() }] }),
    expect: { apiKey: 200 },
    otherwise: 401,
  },
  {
    method: 'get',
    path: (fixture) => `/api/v1/tenants/${fixture.tenantA.id}`,
    expect: { memberA: 200, adminA: 200, platform: 200, adminB: 404 },
    otherwise: 401,
  },
  ...['usage/summary', 'usage/timeseries?metric=words&granularity=day&from=2026-11-01&to=2026-11-30', 'geo/countries', 'geo/regions?subject=visitors', 'storage'].map(
    (route): Endpoint => ({
      method: 'get',
      path: (fixture) => `/api/v1/tenants/${fixture.tenantA.id}/${route}`,
      expect: { memberA: 200, adminA: 200, platform: 200, adminB: 404 },
      otherwise: 401,
    }),
  ),
  {
    method: 'post',
    path: () => '/api/v1/admin/rollups/run',
    expect: { platform: 200, memberA: 403, adminA: 403, adminB: 403 },
    otherwise: 401,
  },
  {
    method: 'get',
    path: (fixture) => `/api/v1/tenants/${fixture.tenantA.id}/usage/export.csv?from=2026-11-01&to=2026-11-30`,
    expect: { platform: 200, adminA: 200, memberA: 403, adminB: 404 },
    otherwise: 401,
  },
  ...['usage/export.csv?granularity=month&from=2026-01-01&to=2026-11-30', 'exports'].map(
    (route): Endpoint => ({
      method: 'get',
      path: () => `/api/v1/admin/${route}`,
      expect: { platform: 200, memberA: 403, adminA: 403, adminB: 403 },
      otherwise: 401,
    }),
  ),
];

/** Stands in for the fixture when test names are built, before the fixture exists. */
const ROUTE_PLACEHOLDERS = { tenantA: { id: ':tenantId' }, revokableKeyId: ':apiKeyId' } as Fixture;

/** Field names that must never appear in a response body. */
const SECRET_FIELD = /hash|secret|password|salt|^ip$|ipAddress|remoteAddress/i;
const ARGON2_HASH = /\$argon2(id|i|d)\$/;
const SHA256_HEX = /\b[0-9a-f]{64}\b/;
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/;
const IPV6_LOOPBACK_OR_MAPPED = /(^|[^0-9a-f:])::(1|ffff:)/i;

function findSecretShapedFields(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => findSecretShapedFields(item, `${path}[${index}]`));
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      ...(SECRET_FIELD.test(key) ? [`${path}.${key} (field name)`] : []),
      ...findSecretShapedFields(item, `${path}.${key}`),
    ]);
  }
  if (typeof value === 'string') {
    const shapes = [
      ARGON2_HASH.test(value) && 'argon2 hash',
      SHA256_HEX.test(value) && 'SHA-256 hex',
      IPV4.test(value) && 'IPv4 address',
      IPV6_LOOPBACK_OR_MAPPED.test(value) && 'IPv6 address',
    ].filter(Boolean);
    return shapes.map((shape) => `${path} (${shape})`);
  }
  return [];
}

describe.each(testDialects())('access control on %s', (dialect) => {
  let database: TestDatabase;
  let testApp: TestApp;
  let fixture: Fixture;
  const exchanges: Exchange[] = [];

  async function call(
    method: Endpoint['method'],
    path: string,
    headers: Record<string, string> = {},
    body?: object,
  ): Promise<Exchange> {
    let pending = request(testApp.app.getHttpServer())[method](path);
    for (const [name, value] of Object.entries(headers)) {
      pending = pending.set(name, value);
    }
    const response = body ? await pending.send(body) : await pending;
    const exchange = { method: method.toUpperCase(), path, status: response.status, body: response.body, text: response.text };
    exchanges.push(exchange);
    return exchange;
  }

  async function signIn(email: string, password: string): Promise<string> {
    const response = await call('post', '/api/v1/auth/login', {}, { email, password });
    expect(response.status).toBe(200);
    return (response.body as { accessToken: string }).accessToken;
  }

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    testApp = await createTestApp(database.url, {
      variables: { JWT_SECRET, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ROLLUP_CRON: 'off' },
    });

    const platformToken = await signIn(ADMIN.email, ADMIN.password);
    const asPlatform = { Authorization: `Bearer ${platformToken}` };

    const tenantA = (await call('post', '/api/v1/admin/tenants', asPlatform, { name: 'Zephyr Quokka Labs' })).body as Fixture['tenantA'];
    const tenantB = (await call('post', '/api/v1/admin/tenants', asPlatform, { name: 'Other Tenant' })).body as Fixture['tenantB'];

    const users = {
      memberA: { email: 'member@zephyr.test', role: 'member', tenant: tenantA.id },
      adminA: { email: 'admin@zephyr.test', role: 'tenant_admin', tenant: tenantA.id },
      adminB: { email: 'admin@other.test', role: 'tenant_admin', tenant: tenantB.id },
    };
    const ids: Record<string, string> = {};
    for (const [name, user] of Object.entries(users)) {
      const created = await call('post', `/api/v1/admin/tenants/${user.tenant}/users`, asPlatform, {
        email: user.email,
        password: PASSWORD,
        role: user.role,
      });
      expect(created.status).toBe(201);
      ids[name] = (created.body as { id: string }).id;
    }

    const memberToken = await signIn(users.memberA.email, PASSWORD);
    const adminAToken = await signIn(users.adminA.email, PASSWORD);
    const adminBToken = await signIn(users.adminB.email, PASSWORD);

    const apiKeyA = (await call('post', `/api/v1/tenants/${tenantA.id}/api-keys`, asPlatform, { name: 'Widget' })).body as Fixture['apiKeyA'];
    const revoked = (await call('post', `/api/v1/tenants/${tenantA.id}/api-keys`, asPlatform, { name: 'Old' })).body as { id: string; key: string };
    await call('delete', `/api/v1/tenants/${tenantA.id}/api-keys/${revoked.id}`, asPlatform);
    const revokable = (await call('post', `/api/v1/tenants/${tenantA.id}/api-keys`, asPlatform, { name: 'To revoke' })).body as { id: string };

    const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
    fixture = {
      tenantA,
      tenantB,
      memberA: { id: ids.memberA, email: users.memberA.email },
      adminA: { email: users.adminA.email },
      apiKeyA,
      revokableKeyId: revokable.id,
      headers: {
        anonymous: {},
        memberA: bearer(memberToken),
        adminA: bearer(adminAToken),
        adminB: bearer(adminBToken),
        platform: asPlatform,
        apiKey: { 'X-API-Key': apiKeyA.key },
        revokedKey: { 'X-API-Key': revoked.key },
        expiredToken: bearer(expiredToken(JWT_SECRET, ids.memberA)),
        otherSecret: bearer(tokenWithOtherSecret(ids.memberA)),
        algNone: bearer(unsignedToken(ids.memberA)),
        roleEdited: bearer(tokenWithEditedRole(memberToken, 'platform_admin')),
      },
    };
  });

  afterAll(async () => {
    await testApp?.close();
    await database?.drop();
  });

  const cases = ENDPOINTS.flatMap((endpoint) =>
    CALLERS.map((caller) => ({
      endpoint,
      caller,
      name: `${endpoint.method.toUpperCase()} ${endpoint.path(ROUTE_PLACEHOLDERS)} as ${caller}`,
    })),
  );

  it.each(cases)('$name', async ({ endpoint, caller }) => {
    const expected = endpoint.expect[caller] ?? endpoint.otherwise;

    const response = await call(endpoint.method, endpoint.path(fixture), fixture.headers[caller], endpoint.body?.());

    expect(response.status).toBe(expected);
    if (response.status >= 400) {
      expect(response.text).not.toContain(fixture.tenantA.name);
      expect(response.text).not.toContain(fixture.memberA.email);
      expect(response.text).not.toContain(fixture.adminA.email);
      expect(response.text).not.toContain(fixture.apiKeyA.prefix);
      expect((response.body as { message?: unknown }).message).toBeDefined();
    }
  });

  it('applies database changes to users within 5 s', async () => {
    const dataSource = testApp.app.get(DataSource);
    const email = `promoted-${randomUUID()}@zephyr.test`;
    const created = await call('post', `/api/v1/admin/tenants/${fixture.tenantA.id}/users`, fixture.headers.platform, { email, password: PASSWORD, role: 'member' });
    const token = { Authorization: `Bearer ${await signIn(email, PASSWORD)}` };
    const keys = `/api/v1/tenants/${fixture.tenantA.id}/api-keys`;
    expect((await call('get', keys, token)).status).toBe(403);

    await dataSource.query(`UPDATE users SET role = 'tenant_admin' WHERE id = ?`, [(created.body as { id: string }).id]);
    await new Promise((wait) => setTimeout(wait, 5100));
    expect((await call('get', keys, token)).status).toBe(200);

    await dataSource.query('DELETE FROM users WHERE id = ?', [(created.body as { id: string }).id]);
    await new Promise((wait) => setTimeout(wait, 5100));
    expect((await call('get', keys, token)).status).toBe(401);
  });

  it('answers a foreign tenant exactly like a missing one', async () => {
    const missingId = randomUUID();

    const foreign = await call('get', `/api/v1/tenants/${fixture.tenantA.id}/api-keys`, fixture.headers.adminB);
    const missing = await call('get', `/api/v1/tenants/${missingId}/api-keys`, fixture.headers.adminB);

    expect(foreign.status).toBe(404);
    expect(foreign.text.replace(fixture.tenantA.id, '<id>')).toBe(missing.text.replace(missingId, '<id>'));
  });

  it('answers a platform admin 404 for a missing tenant', async () => {
    const response = await call('get', `/api/v1/tenants/${randomUUID()}/api-keys`, fixture.headers.platform);

    expect(response.status).toBe(404);
  });

  it('keeps tenant admins from creating platform admins', async () => {
    const response = await call('post', `/api/v1/admin/tenants/${fixture.tenantA.id}/users`, fixture.headers.adminA, {
      email: 'sneaky@zephyr.test',
      password: PASSWORD,
      role: 'platform_admin',
    });

    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('role must be one of tenant_admin, member (got \\"platform_admin\\")');
  });

  it('gives unknown email and wrong password one message', async () => {
    const unknown = await call('post', '/api/v1/auth/login', {}, { email: 'nobody@zephyr.test', password: PASSWORD });
    const wrong = await call('post', '/api/v1/auth/login', {}, { email: fixture.memberA.email, password: 'not-it' });

    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('signs in with any letter case of the email', async () => {
    const response = await call('post', '/api/v1/auth/login', {}, { email: 'Member@Zephyr.TEST', password: PASSWORD });

    expect(response.status).toBe(200);
    expect((response.body as { user: { email: string } }).user.email).toBe('member@zephyr.test');
  });

  it('rejects a second user with the same email in another case', async () => {
    const response = await call('post', `/api/v1/admin/tenants/${fixture.tenantA.id}/users`, fixture.headers.platform, {
      email: 'MEMBER@zephyr.test',
      password: PASSWORD,
      role: 'member',
    });

    expect(response.status).toBe(409);
  });

  it('returns the API key secret only at creation', async () => {
    const created = await call('post', `/api/v1/tenants/${fixture.tenantA.id}/api-keys`, fixture.headers.adminA, { name: 'Once' });
    const listed = await call('get', `/api/v1/tenants/${fixture.tenantA.id}/api-keys`, fixture.headers.adminA);
    const key = (created.body as { key: string }).key;

    expect(key).toMatch(/^bak_[0-9a-f]{8}_[A-Za-z0-9_-]{32}$/);
    expect(listed.text).not.toContain(key);
    expect((listed.body as Array<Record<string, unknown>>).every((item) => !('key' in item))).toBe(true);
  });

  it('validates tenant time zones with Intl', async () => {
    const invalid = await call('post', '/api/v1/admin/tenants', fixture.headers.platform, { name: 'X', timezone: 'Mars/Olympus' });
    const lowerCase = await call('post', '/api/v1/admin/tenants', fixture.headers.platform, { name: 'Y', timezone: 'europe/berlin' });

    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body)).toContain('timezone must be an IANA time zone name');
    expect(lowerCase.status).toBe(201);
    expect((lowerCase.body as { timezone: string }).timezone).toBe('Europe/Berlin');
  });

  it('applies the tenant defaults', async () => {
    const response = await call('post', '/api/v1/admin/tenants', fixture.headers.platform, { name: 'Defaults' });

    expect(response.body).toMatchObject({ timezone: 'UTC', storageQuotaBytes: 1_000_000_000 });
  });

  it('leaves no secret-shaped field in any response', () => {
    const allowedKeyResponses = exchanges.filter(
      (exchange) => exchange.method === 'POST' && exchange.path.endsWith('/api-keys') && exchange.status === 201,
    );
    const findings = exchanges.flatMap((exchange) => {
      const body = allowedKeyResponses.includes(exchange) ? { ...(exchange.body as object), key: undefined } : exchange.body;
      return findSecretShapedFields(body).map((finding) => `${exchange.method} ${exchange.path}: ${finding}`);
    });

    expect(exchanges.length).toBeGreaterThan(ENDPOINTS.length * CALLERS.length);
    expect(findings).toEqual([]);
  });
});
