import { DemoSeedResult } from './demo-data.service';
import { DEMO_PASSWORDS } from './demo-tenants';

/**
 * Formats the block printed once the demo data exists: the dashboard URL, the demo logins and how to
 * start from scratch. `platformAdminEmail` is ADMIN_EMAIL; its password is never known here.
 */
export function formatDemoReport(
  result: DemoSeedResult,
  dashboardUrl: string,
  platformAdminEmail: string,
  generatedAdminPassword: string | null = null,
): string {
  const events = result.tenants.reduce((total, tenant) => total + tenant.ingested.accepted, 0);
  const emailWidth = Math.max(...result.tenants.flatMap(({ profile }) => [profile.adminEmail.length, profile.memberEmail.length]));
  const lines = [
    '',
    `Demo data is ready: ${events.toLocaleString('en-US')} events in ${(result.durationMs / 1000).toFixed(1)} s.`,
    `Open ${dashboardUrl} and sign in with one of these demo accounts.`,
    'Their passwords are fixed and public: use them for trying BeyondAsk only.',
    '',
  ];

  for (const { profile, timezone } of result.tenants) {
    lines.push(`  ${profile.name} (${timezone})`);
    lines.push(`    tenant admin  ${profile.adminEmail.padEnd(emailWidth)}  ${DEMO_PASSWORDS.tenantAdmin}`);
    lines.push(`    member        ${profile.memberEmail.padEnd(emailWidth)}  ${DEMO_PASSWORDS.member}`);
  }

  lines.push(
    '',
    generatedAdminPassword
      ? `  Platform admin: ${platformAdminEmail}  ${generatedAdminPassword} (generated at this first start; shown only now)`
      : `  Platform admin: ${platformAdminEmail}, with ADMIN_PASSWORD or the password printed when it was created.`,
    '',
    'To start again from scratch, stop the server and delete ./data/ (or the database of DATABASE_URL).',
    '',
  );
  return lines.join('\n');
}
