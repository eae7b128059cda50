import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

import { StorageService } from '../storage/storage.service';
import { TenantsService } from '../tenants/tenants.service';
import { createTestApp, TestApp } from '../testing/create-test-app';
import { createTestDatabase, TestDatabase, testDialects } from '../testing/test-databases';
import { UsageReader } from './usage-reader';

const VARIABLES = {
  JWT_SECRET: 'reader-test-secret-of-at-least-32-characters',
  ADMIN_EMAIL: 'platform@beyondask.test',
  ADMIN_PASSWORD: 'platform-admin-password',
  ROLLUP_CRON: 'off',
};

describe.each(testDialects())('usage reader on %s', (dialect) => {
  let database: TestDatabase;
  let testApp: TestApp;
  let dataSource: DataSource;
  let reader: UsageReader;

  async function insertSnapshots(tenantId: string): Promise<void> {
    await dataSource.query('INSERT INTO usage_daily (tenant_id, metric, day, value) VALUES (?, ?, ?, ?), (?, ?, ?, ?), (?, ?, ?, ?), (?, ?, ?, ?)', [
      tenantId, 'words', '2026-10-31', 5,
      tenantId, 'words', '2026-11-01', 7,
      tenantId, 'questions', '2026-11-02', 3,
      tenantId, 'words', '2026-11-03', 11,
    ]);
    await dataSource.query('INSERT INTO usage_monthly (tenant_id, metric, month, value) VALUES (?, ?, ?, ?), (?, ?, ?, ?), (?, ?, ?, ?)', [
      tenantId, 'words', '2026-10', 9_007_199_254_740,
      tenantId, 'words', '2026-11', 18,
      tenantId, 'questions', '2026-11', 3,
    ]);
  }

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    testApp = await createTestApp(database.url, { variables: VARIABLES });
    dataSource = testApp.app.get(DataSource);
    reader = testApp.app.get(UsageReader);
  });

  afterAll(async () => {
    await testApp?.close();
    await database?.drop();
  });

  it('reads settled days and lifetime', async () => {
    const tenantId = randomUUID();
    await insertSnapshots(tenantId);

    const settled = await reader.settledValues(tenantId, '2026-11-01', '2026-11-02', { lifetime: true });

    expect(settled).not.toBeNull();
    expect(Object.fromEntries(settled!.days.get('words')!)).toEqual({ '2026-11-01': 7 });
    expect(Object.fromEntries(settled!.days.get('questions')!)).toEqual({ '2026-11-02': 3 });
    expect(Object.fromEntries(settled!.days.get('contacts')!)).toEqual({});
    expect(Object.fromEntries(settled!.lifetime)).toEqual({ words: 9_007_199_254_758, apiRequests: 0, questions: 3, contacts: 0 });
  });

  it('reads one metric without lifetime', async () => {
    const tenantId = randomUUID();
    await insertSnapshots(tenantId);

    const settled = await reader.settledValues(tenantId, '2026-10-01', '2026-11-30', { metric: 'words', lifetime: false });

    expect(Object.fromEntries(settled!.days.get('words')!)).toEqual({ '2026-10-31': 5, '2026-11-01': 7, '2026-11-03': 11 });
    expect(Object.fromEntries(settled!.days.get('questions')!)).toEqual({});
    expect(Object.fromEntries(settled!.lifetime)).toEqual({ words: 0, apiRequests: 0, questions: 0, contacts: 0 });
  });

  it('returns null while the tenant has a marker', async () => {
    const tenantId = randomUUID();
    await insertSnapshots(tenantId);
    await dataSource.query('INSERT INTO rollup_markers (tenant_id, utc_day) VALUES (?, ?)', [tenantId, 20_760]);

    const settled = await reader.settledValues(tenantId, '2026-11-01', '2026-11-02', { lifetime: true });

    expect(settled).toBeNull();
  });

  it("ignores another tenant's markers", async () => {
    const tenantId = randomUUID();
    await insertSnapshots(tenantId);
    await dataSource.query('INSERT INTO rollup_markers (tenant_id, utc_day) VALUES (?, ?)', [randomUUID(), 20_760]);

    const settled = await reader.settledValues(tenantId, '2026-11-01', '2026-11-01', { lifetime: false });

    expect(Object.fromEntries(settled!.days.get('words')!)).toEqual({ '2026-11-01': 7 });
  });

  it('reads tenant and storage selects alongside', async () => {
    const tenants = testApp.app.get(TenantsService);
    const storage = testApp.app.get(StorageService);
    const tenant = await tenants.create({ name: `Reader ${randomUUID()}`, timezone: 'Asia/Kolkata', storageQuotaBytes: 5_000_000_000 });
    await insertSnapshots(tenant.id);
    await dataSource.query(
      `INSERT INTO storage_objects (tenant_id, object_id, kind, bytes, deleted, version_key)
       VALUES (?, 'a', 'media', 3000000000, 0, 'k1'), (?, 'b', 'media', 5, 0, 'k2'), (?, 'c', 'text', 0, 1, 'k3')`,
      [tenant.id, tenant.id, tenant.id],
    );
    await dataSource.query('INSERT INTO rollup_markers (tenant_id, utc_day) VALUES (?, ?)', [tenant.id, 20_760]);

    const { settled, rows } = await reader.settledRead(tenant.id, '2026-11-01', '2026-11-02', { lifetime: true }, [
      tenants.settingsSelect(tenant.id),
      storage.totalsSelect(tenant.id),
    ]);

    // A marker without a slot sends the usage to the live path, but the other selects still count.
    expect(settled).toBeNull();
    expect(tenants.settingsOf(tenant.id, rows)).toEqual({ timezone: 'Asia/Kolkata', storageQuotaBytes: 5_000_000_000 });
    expect(storage.usageOf(rows, 6_000_000_000)).toEqual({
      usedBytes: 3_000_000_005,
      quotaBytes: 6_000_000_000,
      percentUsed: 50,
      byKind: { text: { bytes: 0, objects: 0 }, media: { bytes: 3_000_000_005, objects: 2 }, other: { bytes: 0, objects: 0 } },
    });
  });

  it('rejects an unknown tenant from the selects', async () => {
    const tenants = testApp.app.get(TenantsService);
    const missing = randomUUID();

    const { rows } = await reader.settledRead(missing, '2026-11-01', '2026-11-02', { lifetime: false }, [tenants.settingsSelect(missing)]);

    expect(() => tenants.settingsOf(missing, rows)).toThrow(missing);
  });
});
