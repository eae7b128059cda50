import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';

import { HealthCard } from './health-card';

describe('HealthCard', () => {
  let fixture: ComponentFixture<HealthCard>;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [HealthCard],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    fixture = TestBed.createComponent(HealthCard);
    http = TestBed.inject(HttpTestingController);
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

  function text(testId: string): string {
    return (fixture.nativeElement as HTMLElement).querySelector(`[data-testid="${testId}"]`)?.textContent?.trim() ?? '';
  }

  it('shows the components of a healthy backend', async () => {
    http.expectOne('/api/health').flush({ status: 'ok', details: { database: { status: 'up' } } });
    await fixture.whenStable();

    expect(text('health-status')).toBe('All systems operational');
    expect(text('component-database')).toContain('up');
  });

  it('shows a degraded backend from a 503 answer', async () => {
    http
      .expectOne('/api/health')
      .flush({ status: 'error', details: { database: { status: 'down' } } }, { status: 503, statusText: 'Service Unavailable' });
    await fixture.whenStable();

    expect(text('health-status')).toBe('Degraded');
    expect(text('component-database')).toContain('down');
  });

  it('says so when the API cannot be reached', async () => {
    http.expectOne('/api/health').error(new ProgressEvent('error'), { status: 0 });
    await fixture.whenStable();

    expect(text('health-status')).toBe('API unreachable');
    expect((fixture.nativeElement as HTMLElement).querySelector('[role="alert"]')?.textContent).toContain(
      'The API server did not respond.',
    );
  });

  it('checks again on request', async () => {
    http.expectOne('/api/health').flush({ status: 'ok', details: {} });
    await fixture.whenStable();

    (fixture.nativeElement as HTMLElement).querySelector('button')?.click();

    http.expectOne('/api/health').flush({ status: 'ok', details: { database: { status: 'up' } } });
    await fixture.whenStable();
    expect(text('component-database')).toContain('up');
  });
});
