/** A tenant with 13 months of usage, created through the public API as an agent would. */
export interface SeededTenant {
  tenantId: string;
  apiKey: string;
  admin: { email: string; password: string };
  member: { email: string; password: string };
  /** Events accepted per type. */
  accepted: Record<string, number>;
}

const PLATFORM = { email: 'admin@beyondask.local', password: 'e2e-admin-password' };
const COUNTRIES = ['US', 'US', 'US', 'IN', 'IN', 'DE', 'GB', 'BR', 'FR', 'CA', 'JP', 'ES'];
const DAY_MS = 86_400_000;

/** A small deterministic generator (mulberry32), so every run draws the same charts. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function call<T>(baseUrl: string, path: string, init: { method?: string; token?: string; apiKey?: string; body?: unknown }): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.apiKey ? { 'x-api-key': init.apiKey } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const { accessToken } = await call<{ accessToken: string }>(baseUrl, '/api/v1/auth/login', { method: 'POST', body: { email, password } });
  return accessToken;
}

export async function seedTenant(baseUrl: string, events = 6000): Promise<SeededTenant> {
  const token = await signIn(baseUrl, PLATFORM.email, PLATFORM.password);
  const tenant = await call<{ id: string }>(baseUrl, '/api/v1/admin/tenants', {
    method: 'POST',
    token,
    body: { name: 'Acme Support', timezone: 'Europe/Berlin' },
  });
  const admin = { email: 'ada@acme.test', password: 'e2e-tenant-admin' };
  const member = { email: 'max@acme.test', password: 'e2e-tenant-member' };
  for (const [user, role] of [[admin, 'tenant_admin'], [member, 'member']] as const) {
    await call(baseUrl, `/api/v1/admin/tenants/${tenant.id}/users`, { method: 'POST', token, body: { ...user, role } });
  }
  const { key } = await call<{ key: string }>(baseUrl, `/api/v1/tenants/${tenant.id}/api-keys`, { method: 'POST', token, body: { name: 'e2e' } });

  const next = random(42);
  const now = Date.now();
  const accepted: Record<string, number> = {};
  let batch: object[] = [];
  for (let index = 0; index < events; index++) {
    // Older days get fewer events, so the charts show growth; ages stay inside 13 months.
    const ageMs = next() ** 1.6 * 390 * DAY_MS + 60_000;
    const draw = next();
    const country = COUNTRIES[Math.floor(next() * COUNTRIES.length)];
    const body =
      draw < 0.3
        ? { type: 'question', visitorId: `visitor-${Math.floor(next() * 2000)}`, country }
        : draw < 0.55
          ? { type: 'api_request' }
          : draw < 0.85
            ? { type: 'words', quantity: Math.floor(next() * 500) }
            : draw < 0.95
              ? { type: 'contact', contactId: `contact-${index}`, country }
              : { type: 'storage_put', objectId: `article-${index % 200}`, bytes: Math.floor(next() * 4_000_000), contentType: ['text/markdown', 'image/png', 'application/pdf'][index % 3] };
    batch.push({ id: `e2e-${index}`, occurredAt: new Date(now - ageMs).toISOString(), ...body });
    accepted[body.type] = (accepted[body.type] ?? 0) + 1;

    if (batch.length === 1000 || index === events - 1) {
      await call(baseUrl, '/api/v1/events', { method: 'POST', apiKey: key, body: { events: batch } });
      batch = [];
    }
  }
  await call(baseUrl, '/api/v1/admin/rollups/run', { method: 'POST', token });

  return { tenantId: tenant.id, apiKey: key, admin, member, accepted };
}

export async function sendEvent(baseUrl: string, apiKey: string, event: object): Promise<void> {
  await call(baseUrl, '/api/v1/events', { method: 'POST', apiKey, body: { events: [event] } });
}
