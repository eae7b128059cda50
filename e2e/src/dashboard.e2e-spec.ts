import { Browser } from 'playwright-core';

import { findChromium, launchChromium } from './support/browser';
import { RunningServer, startServer } from './support/server';

const chromiumPath = findChromium();

if (!chromiumPath && process.env.CI) {
  throw new Error('Chromium is missing; install it with "apt-get install chromium" or set CHROMIUM_PATH');
}
if (!chromiumPath) {
  console.warn('Skipping browser tests: no Chromium found (install it with "apt-get install chromium" or set CHROMIUM_PATH)');
}

(chromiumPath ? describe : describe.skip)('dashboard in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium(chromiumPath as string);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the backend health in a Material card', async () => {
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });

    await page.goto(server.baseUrl);

    await page.getByText('All systems operational').waitFor();
    expect(await page.locator('mat-card').count()).toBe(1);
    expect(await page.getByTestId('component-database').textContent()).toContain('up');
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('opens a deep link through the server', async () => {
    const page = await browser.newPage();

    const response = await page.goto(`${server.baseUrl}/some/client/route`);

    expect(response?.status()).toBe(200);
    await page.getByText('Backend health').waitFor();
    await page.close();
  });
});
