import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { Limit, Tenant, UsageSummary } from '../api/models';
import { TenantsPage } from './tenants.page';

function tenant(id: string, name: string): Tenant {
  return { id, name, timezone: 'UTC', storageQuotaBytes: 1e9, createdAt: '2026-01-01T00:00:00Z' };
}

function summary(tenantId: string, questions: number, percentUsed: number): UsageSummary {
  const counter = (thisMonth: number) => ({ thisMonth, lifetime: thisMonth, previousMonthToDate: 0 });
  return {
    tenantId,
    timezone: 'UTC',
    month: '2026-12',
    asOf: '2026-12-04T00:00:00Z',
    words: counter(0),
    apiRequests: counter(0),
    questions: counter(questions),
    contacts: counter(0),
    storage: { usedBytes: percentUsed * 1e7, quotaBytes: 1e9, percentUsed, byKind: { text: 0, media: 0, other: 0 } },
  };
}

function limit(metric: Limit['metric'], percentUsed: number): Limit {
  return {
    metric,
    monthlyLimit: 100,
    thresholds: [80, 100],
    notifyEmails: [],
    used: percentUsed,
    percentUsed,
    projectedMonthEnd: percentUsed,
    projectedReachDate: null,
    resetsAt: '2027-01-01T00:00:00.000Z',
    timezone: 'UTC',
    month: '2026-12',
    alertedThresholds: [],
    forecastAlerted: false,
  };
}

describe('TenantsPage', () => {
  let fixture: ComponentFixture<TenantsPage>;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [TenantsPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(TenantsPage);
  });

  afterEach(() => backend.verify());

  function names(): string[] {
    const rows = (fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid="tenant-row"] a');
    return Array.from(rows, (link) => link.textContent?.trim() ?? '');
  }

  async function load(): Promise<void> {
    // whenStable() would wait for the pending requests, so the first render is ticked by hand.
    TestBed.tick();
    backend.expectOne('/api/v1/admin/tenants').flush([tenant('a', 'beta'), tenant('b', 'Alpha'), tenant('c', 'Gamma')]);
    backend.expectOne('/api/v1/tenants/a/usage/summary').flush(summary('a', 5, 90));
    backend.expectOne('/api/v1/tenants/a/limits').flush([limit('questions', 40), limit('words', 95.5)]);
    backend.expectOne('/api/v1/tenants/b/usage/summary').flush(summary('b', 50, 10));
    backend.expectOne('/api/v1/tenants/b/limits').flush([]);
    backend.expectOne('/api/v1/tenants/c/usage/summary').flush({}, { status: 500, statusText: 'Server Error' });
    backend.expectOne('/api/v1/tenants/c/limits').flush({}, { status: 500, statusText: 'Server Error' });
    await fixture.whenStable();
  }

  it('lists tenants by name', async () => {
    await load();

    expect(names()).toEqual(['Alpha', 'beta', 'Gamma']);
  });

  it('sorts by storage, tenants without data last', async () => {
    await load();

    fixture.componentInstance['sort'].set({ active: 'storage', direction: 'desc' });
    await fixture.whenStable();

    expect(names()).toEqual(['beta', 'Alpha', 'Gamma']);
  });

  it('shows the closest limit of each tenant', async () => {
    await load();

    const rows = (fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid="tenant-row"]');
    expect(rows[1].textContent).toContain('Words processed 95.5 %');
    expect(rows[0].textContent).toContain('No limits');
  });

  it('keeps a tenant whose usage failed to load', async () => {
    await load();

    const cells = (fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid="tenant-row"]');
    expect(cells).toHaveLength(3);
    expect(cells[2].textContent).toContain('–');
  });

  it('says when there are no tenants', async () => {
    TestBed.tick();
    backend.expectOne('/api/v1/admin/tenants').flush([]);
    await fixture.whenStable();

    expect((fixture.nativeElement as HTMLElement).textContent).toContain('There are no tenants yet.');
  });
});
