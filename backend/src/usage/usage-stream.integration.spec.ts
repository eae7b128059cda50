import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import request from 'supertest';

import { createTestApp, TestApp } from '../testing/create-test-app';
import { createTestDatabase, TestDatabase } from '../testing/test-databases';

const VARIABLES = {
  JWT_SECRET: 'stream-test-secret-of-at-least-32-characters',
  ADMIN_EMAIL: 'platform@beyondask.test',
  ADMIN_PASSWORD: 'platform-admin-password',
  REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
};

interface StreamReader {
  next(timeoutMs: number): Promise<{ event: string; data: string }>;
  close(): void;
}

/** Opens the SSE stream with fetch and an Authorization header, as the dashboard does. */
async function openStream(baseUrl: string, path: string, token: string): Promise<StreamReader> {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` }, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');

  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const parsed: Array<{ event: string; data: string }> = [];

  return {
    async next(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const block = buffer.indexOf('\n\n');
        if (block >= 0) {
          const lines = buffer.slice(0, block).split('\n');
          buffer = buffer.slice(block + 2);
          const event = lines.find((line) => line.startsWith('event: '))?.slice(7) ?? 'message';
          const data = lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
          if (event !== 'keepalive') parsed.push({ event, data });
        }
        if (parsed.length > 0) return parsed.shift() as { event: string; data: string };
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`no event within ${timeoutMs} ms`);
        const chunk = await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), remaining)),
        ]);
        if (chunk.done) throw new Error('the stream ended');
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    close: () => controller.abort(),
  };
}

describe('usage stream', () => {
  let database: TestDatabase;
  let first: TestApp;
  let second: TestApp;
  let secondUrl: string;
  let token: string;
  let tenantId: string;
  let apiKey: string;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    first = await createTestApp(database.url, { variables: VARIABLES });
    second = await createTestApp(database.url, { variables: VARIABLES });
    await second.app.listen(0, '127.0.0.1');
    secondUrl = `http://127.0.0.1:${(second.app.getHttpServer().address() as AddressInfo).port}`;

    const server = first.app.getHttpServer();
    token = (await request(server).post('/api/v1/auth/login').send({ email: VARIABLES.ADMIN_EMAIL, password: VARIABLES.ADMIN_PASSWORD })).body.accessToken;
    tenantId = (await request(server).post('/api/v1/admin/tenants').set('Authorization', `Bearer ${token}`).send({ name: 'Streaming' })).body.id;
    apiKey = (await request(server).post(`/api/v1/tenants/${tenantId}/api-keys`).set('Authorization', `Bearer ${token}`).send({ name: 'Stream' })).body.key;
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await database?.drop();
  });

  it('sends the summary at once and after ingestion on another instance', async () => {
    const stream = await openStream(secondUrl, `/api/v1/tenants/${tenantId}/usage/stream`, token);
    try {
      const initial = await stream.next(5000);
      expect(initial.event).toBe('summary');
      expect(JSON.parse(initial.data).questions.thisMonth).toBe(0);

      await request(first.app.getHttpServer())
        .post('/api/v1/events')
        .set('X-API-Key', apiKey)
        .send({ events: [{ id: randomUUID(), type: 'question', occurredAt: new Date(Date.now() - 1000).toISOString() }] })
        .expect(200);

      const update = await stream.next(5000);
      expect(update.event).toBe('summary');
      expect(JSON.parse(update.data).questions.thisMonth).toBe(1);
    } finally {
      stream.close();
    }
  });

  it('sends at most one summary a second', async () => {
    const stream = await openStream(secondUrl, `/api/v1/tenants/${tenantId}/usage/stream`, token);
    try {
      await stream.next(5000);
      const started = Date.now();
      for (let index = 0; index < 5; index++) {
        await request(first.app.getHttpServer())
          .post('/api/v1/events')
          .set('X-API-Key', apiKey)
          .send({ events: [{ id: randomUUID(), type: 'api_request', occurredAt: new Date(Date.now() - 1000).toISOString() }] })
          .expect(200);
      }

      const firstUpdate = await stream.next(5000);
      const secondUpdate = await stream.next(5000).catch(() => null);
      const totals = [firstUpdate, secondUpdate].filter(Boolean).map((event) => JSON.parse((event as { data: string }).data).apiRequests.thisMonth);

      expect(totals[totals.length - 1]).toBe(5);
      if (secondUpdate) expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    } finally {
      stream.close();
    }
  });

  it('rejects a stream without a token', async () => {
    const response = await fetch(`${secondUrl}/api/v1/tenants/${tenantId}/usage/stream`);

    expect(response.status).toBe(401);
  });
});
