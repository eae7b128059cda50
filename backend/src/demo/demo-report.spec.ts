import { DemoSeedResult } from './demo-data.service';
import { DEMO_TENANTS } from './demo-tenants';
import { formatDemoReport } from './demo-report';

function resultWith(accepted: number[]): DemoSeedResult {
  return {
    tenants: DEMO_TENANTS.map((profile, index) => ({
      tenantId: `tenant-${index}`,
      timezone: profile.timezone,
      profile,
      expected: {} as DemoSeedResult['tenants'][number]['expected'],
      ingested: { accepted: accepted[index], duplicates: 0, rejected: 0, warnings: 0, retries: 0 },
    })),
    rollup: { processedEvents: 0, durationMs: 0 },
    durationMs: 12_345,
  };
}

describe('formatDemoReport', () => {
  const report = formatDemoReport(resultWith([1000, 2000, 500]), 'http://localhost:3000/', 'admin@beyondask.local');

  it('names the URL, events and duration', () => {
    expect(report).toContain('Open http://localhost:3000/ and sign in');
    expect(report).toContain('3,500 events in 12.3 s');
  });

  it('lists every demo login', () => {
    for (const profile of DEMO_TENANTS) {
      expect(report).toContain(`${profile.name} (${profile.timezone})`);
      expect(report).toMatch(new RegExp(`tenant admin +${profile.adminEmail.replace(/\./g, '\\.')} +demo-admin-123`));
      expect(report).toMatch(new RegExp(`member +${profile.memberEmail.replace(/\./g, '\\.')} +demo-member-123`));
    }
  });

  it('says the accounts are demo accounts', () => {
    expect(report).toContain('demo accounts');
    expect(report).toContain('fixed and public');
  });

  it('repeats a platform admin password generated at this start', () => {
    const withPassword = formatDemoReport(resultWith([1000, 2000, 500]), 'http://localhost:3000/', 'admin@beyondask.local', 'generated-secret-1');

    expect(withPassword).toContain('Platform admin: admin@beyondask.local  generated-secret-1');
    expect(report).not.toContain('generated-secret-1');
  });

  it('explains the reset and the platform admin', () => {
    expect(report).toContain('delete ./data/');
    expect(report).toContain('Platform admin: admin@beyondask.local');
  });
});
