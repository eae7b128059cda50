import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';

import { findChromium, launchChromium } from './support/browser';
import { SeededTenant, seedTenant, sendEvent } from './support/seed';
import { RunningServer, startServer } from './support/server';

const chromiumPath = findChromium();
const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');
const CHARTS = ['chart-requests', 'chart-words', 'chart-storage', 'chart-countries'];

if (!chromiumPath && process.env.CI) {
  throw new Error('Chromium is missing; install it with "apt-get install chromium" or set CHROMIUM_PATH');
}
if (!chromiumPath) {
  console.warn('Skipping browser tests: no Chromium found (install it with "apt-get install chromium" or set CHROMIUM_PATH)');
}

/** Counts the painted pixels of a canvas, so a chart that drew nothing is caught. */
async function paintedPixels(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let alpha = 3; alpha < data.length; alpha += 4) if (data[alpha] > 0) painted++;
    return painted;
  });
}

(chromiumPath ? describe : describe.skip)('dashboard in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let tenant: SeededTenant;
  let context: BrowserContext;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    server = await startServer();
    tenant = await seedTenant(server.baseUrl);
    browser = await launchChromium(chromiumPath as string);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1366, height: 1000 } });
    page = await context.newPage();
    consoleErrors = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
  });

  afterEach(async () => {
    await context?.close();
  });

  async function signIn(email = tenant.admin.email, password = tenant.admin.password): Promise<void> {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  // Sign-in is rate limited per email (10 in 15 minutes), so most tests start with a stored session
  // and only the sign-in tests use the form.
  const tokens = new Map<string, string>();

  async function useSession(user: { email: string; password: string }): Promise<void> {
    if (!tokens.has(user.email)) {
      const response = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(user),
      });
      tokens.set(user.email, JSON.stringify(await response.json()));
    }
    const login = JSON.parse(tokens.get(user.email)!) as { accessToken: string; expiresIn: number; user: object };
    const session = JSON.stringify({ accessToken: login.accessToken, expiresAt: Date.now() + login.expiresIn * 1000, user: login.user });
    await context.addInitScript((stored) => localStorage.setItem('beyondask.session', stored), session);
  }

  async function openDashboard(): Promise<void> {
    await useSession(tenant.admin);
    await page.goto(`${server.baseUrl}/dashboard`);
    for (const chart of CHARTS) {
      await page.locator(`[data-testid="${chart}"] mat-card-content[data-state="ready"]`).waitFor();
    }
  }

  it('returns to a deep link after signing in', async () => {
    const response = await page.goto(`${server.baseUrl}/usage/words/2026-03`);
    expect(response?.status()).toBe(200);
    await page.waitForURL('**/login?returnUrl=*');

    await signIn();

    await page.waitForURL('**/usage/words/2026-03');
    expect(await page.getByTestId('drilldown-title').textContent()).toContain('Words processed');
  });

  it('rejects a wrong password with a message', async () => {
    await page.goto(`${server.baseUrl}/login`);

    await signIn(tenant.admin.email, 'not-the-password');

    expect(await page.getByTestId('login-error').textContent()).toContain('Wrong email or password.');
  });

  it('draws the four charts with data', async () => {
    await openDashboard();

    for (const chart of CHARTS) {
      expect(await paintedPixels(page, chart)).toBeGreaterThan(2000);
    }
    expect(await page.getByTestId('counter-questions').getByTestId('this-month').textContent()).toMatch(/\d/);
    expect(consoleErrors).toEqual([]);
  });

  it('switches between weekly and monthly periods', async () => {
    await openDashboard();
    const rows = page.getByTestId('chart-requests').locator('tbody tr');
    expect(await rows.count()).toBe(13);

    await page.getByRole('radio', { name: 'Weekly' }).click();
    await page.getByTestId('chart-requests').locator('th', { hasText: 'Week starting' }).waitFor({ state: 'attached' });

    expect(await rows.count()).toBe(26);

    await page.getByRole('radio', { name: 'Monthly' }).click();
    await page.getByTestId('chart-requests').locator('th', { hasText: 'Month' }).first().waitFor({ state: 'attached' });
    expect(await rows.count()).toBe(13);
  });

  it('drills into a month and goes back', async () => {
    await openDashboard();
    const canvas = page.getByTestId('chart-requests').locator('canvas');
    const box = (await canvas.boundingBox())!;

    // The last points are at the right edge; the nearest one is taken.
    await page.mouse.click(box.x + box.width * 0.96, box.y + box.height * 0.5);

    await page.waitForURL(/\/usage\/(questions|apiRequests)\/\d{4}-\d{2}$/);
    const month = page.url().split('/').pop()!;
    const [year, monthNumber] = month.split('-').map(Number);
    const daysInMonth = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
    await page.getByTestId('days-table').waitFor();
    expect(await page.getByTestId('days-table').locator('tbody tr').count()).toBe(daysInMonth);

    await page.goBack();

    await page.waitForURL('**/dashboard');
    await page.getByTestId('chart-requests').waitFor();
  });

  it('refreshes on request', async () => {
    await openDashboard();
    await page.waitForTimeout(2100);
    expect(await page.getByTestId('updated-ago').textContent()).not.toContain('Updated 0 s ago');

    await page.getByTestId('refresh').click();

    await page.getByText('Updated 0 s ago').waitFor();
  });

  it('shows an ingested event without a reload', async () => {
    await openDashboard();
    await page.locator('[data-testid="live-mode"].live').waitFor();
    const value = page.getByTestId('counter-questions').locator('.value');
    const before = Number((await value.getAttribute('aria-label'))!.replace(/\D/g, ''));

    await sendEvent(server.baseUrl, tenant.apiKey, { id: `live-${Date.now()}`, type: 'question', occurredAt: new Date().toISOString(), country: 'DE' });

    await page.waitForFunction(
      ([element, expected]) => (element as HTMLElement).getAttribute('aria-label')?.replace(/\D/g, '') === String(expected),
      [await value.elementHandle(), before + 1] as const,
    );
  });

  it('signs out', async () => {
    // Signed in through the form: a stored session would be written again on every page load.
    await page.goto(`${server.baseUrl}/dashboard`);
    await signIn();
    await page.waitForURL('**/dashboard');

    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();

    await page.waitForURL('**/login');
    await page.goto(`${server.baseUrl}/dashboard`);
    await page.waitForURL('**/login?returnUrl=*');
  });

  it('creates an API key that ingests at once', async () => {
    await useSession(tenant.admin);
    await page.goto(`${server.baseUrl}/api-keys`);

    await page.getByTestId('api-key-name').fill('Staging widget');
    await page.getByRole('button', { name: 'Create key' }).click();

    const key = (await page.getByTestId('api-key-secret').locator('code').textContent())!.trim();
    expect(key).toMatch(/^bak_/);
    expect(page.url()).toBe(`${server.baseUrl}/api-keys`);
    await page.getByRole('cell', { name: 'Staging widget' }).waitFor();
    await sendEvent(server.baseUrl, key, { id: `key-${Date.now()}`, type: 'api_request', occurredAt: new Date().toISOString() });
  });

  it('redraws the charts in the chosen theme', async () => {
    await openDashboard();
    // The legend at the bottom of the donut's canvas is drawn in the theme's text colour, dark on a
    // light theme and light on a dark one, so its count of opaque light pixels grows.
    const lightLegendPixels = () =>
      page.getByTestId('chart-storage').locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
        const { data } = canvas.getContext('2d')!.getImageData(0, canvas.height - 24, canvas.width, 24);
        let light = 0;
        for (let index = 0; index < data.length; index += 4) {
          if (data[index + 3] > 200 && data[index] + data[index + 1] + data[index + 2] > 500) light++;
        }
        return light;
      });
    const before = await lightLegendPixels();

    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Theme' }).click();
    await page.getByRole('menuitemradio', { name: 'Dark' }).click();

    await page.waitForFunction(() => document.documentElement.classList.contains('theme-dark'));
    await page.waitForTimeout(300);
    // Light box borders exist in both themes; the light text only in the dark one.
    expect(await lightLegendPixels()).toBeGreaterThan(before * 1.5);
  });

  it('sends signed-in users from the login page to the dashboard', async () => {
    await useSession(tenant.member);

    await page.goto(`${server.baseUrl}/login`);

    await page.waitForURL('**/dashboard');
    expect(await page.getByRole('link', { name: 'API keys' }).count()).toBe(0);
  });

  it('shows members the dashboard but not API key management', async () => {
    await useSession(tenant.member);
    await page.goto(`${server.baseUrl}/api-keys`);

    await page.getByText('Only tenant admins manage API keys').waitFor();
  });

  it('lets an admin set a limit and shows its alert', async () => {
    await useSession(tenant.admin);
    const token = JSON.parse(tokens.get(tenant.admin.email)!).accessToken as string;
    const summary = await fetch(`${server.baseUrl}/api/v1/tenants/${tenant.tenantId}/usage/summary`, {
      headers: { authorization: `Bearer ${token}` },
    }).then((response) => response.json() as Promise<{ questions: { thisMonth: number } }>);
    await page.goto(`${server.baseUrl}/limits`);
    const card = page.getByTestId('limit-questions');

    await card.getByRole('button', { name: 'Set a limit' }).click();
    await card.getByLabel('Monthly limit').fill(String(summary.questions.thisMonth));
    await card.getByRole('button', { name: 'Save' }).click();

    expect(await card.getByTestId('percent').textContent()).toBe('100 %');
    await card.getByText('100 % · alerted').waitFor();
    await page.getByTestId('notifications-link').click();
    await page.getByText('questions at 100 % of the monthly limit').waitFor();
  });

  it('shows members the limits read-only', async () => {
    await useSession(tenant.member);
    await page.goto(`${server.baseUrl}/limits`);

    await page.getByTestId('limit-words').waitFor();
    expect(await page.getByRole('button', { name: /Set a limit|Edit|Remove/ }).count()).toBe(0);
  });

  it('opens the limits link of an alert email', async () => {
    await useSession(tenant.admin);

    await page.goto(`${server.baseUrl}/tenants/${tenant.tenantId}/limits`);

    await page.waitForURL(`**/limits?tenant=${tenant.tenantId}`);
    await page.getByTestId('limit-questions').waitFor();
  });

  it('exports the shown months as CSV', async () => {
    await openDashboard();
    await page.getByTestId('export-csv').click();
    await page.getByRole('radio', { name: 'Per month' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);

    expect(download.suggestedFilename()).toMatch(/^beyondask-usage-acme-support-\d{4}-\d{2}-01_\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('period,words,api_requests,questions,contacts,storage_bytes');
    expect(lines).toHaveLength(14);
    const months = lines.slice(1).map((line) => line.split(','));
    const token = JSON.parse(tokens.get(tenant.admin.email)!).accessToken as string;
    const query = `metric=questions&granularity=month&from=${months[0][0]}-01&to=${months[12][0]}-01`;
    const series = (await fetch(`${server.baseUrl}/api/v1/tenants/${tenant.tenantId}/usage/timeseries?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    }).then((response) => response.json())) as { points: Array<{ period: string; value: number }> };
    expect(months.map(([period, , , questions]) => ({ period, value: Number(questions) }))).toEqual(series.points);
  });

  it('shows why an export range is rejected', async () => {
    await openDashboard();
    await page.getByTestId('export-csv').click();

    await page.getByTestId('export-from').fill('2026-05-01');
    await page.getByTestId('export-to').fill('2026-04-01');
    await page.getByTestId('export-download').click();

    expect(await page.getByTestId('export-problem').textContent()).toContain('2026-05-01');
  });

  it('lists tenants for the platform admin and opens one', async () => {
    await useSession({ email: 'admin@beyondask.local', password: 'e2e-admin-password' });
    await page.goto(`${server.baseUrl}/tenants`);

    await page.getByRole('link', { name: 'Acme Support' }).click();

    await page.waitForURL(`**/dashboard?tenant=${tenant.tenantId}`);
    await page.locator('[data-testid="chart-requests"] mat-card-content[data-state="ready"]').waitFor();
    expect(await page.getByTestId('tenant-switcher').textContent()).toContain('Acme Support');
  });

  it('saves screenshots in light and dark, desktop and phone', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const [device, viewport] of [
        ['desktop', { width: 1366, height: 1500 }],
        ['phone', { width: 375, height: 2600 }],
      ] as const) {
        await page.emulateMedia({ colorScheme });
        await page.setViewportSize(viewport);
        if (page.url() === 'about:blank') await openDashboard();
        for (const chart of CHARTS) {
          await page.locator(`[data-testid="${chart}"] mat-card-content[data-state="ready"]`).waitFor();
        }
        await page.reload();
        for (const chart of CHARTS) {
          await page.locator(`[data-testid="${chart}"] mat-card-content[data-state="ready"]`).waitFor();
        }

        await page.screenshot({ path: join(SCREENSHOTS, `dashboard-${device}-${colorScheme}.png`) });
      }
    }

    // A phone shows the page without sideways scrolling.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
