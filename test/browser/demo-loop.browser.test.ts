import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserVigia, startBrowserVigia } from './browser-vigia.js';
import { browserTestsRun } from './chromium.js';

// The loop end to end in chromium, against a real `vigia up` with the demo fleet (its chaos
// loop off): a fault injected from the UI, then the alert, the diagnosis, the healing step and the
// recovery arriving live on the overview without a reload, and the incident's timeline.
describe.runIf(browserTestsRun)('the demo loop in the dashboard', () => {
  let vigia: BrowserVigia;

  beforeAll(async () => {
    vigia = await startBrowserVigia({ demo: true });
  }, 120_000);

  afterAll(async () => {
    await vigia?.close();
  });

  it('injects a fault from the UI and shows the alert, diagnosis, healing and recovery live', async () => {
    const page = await vigia.loggedInPage();
    await page.getByRole('heading', { name: 'Fleet', exact: true }).waitFor();
    // The demo's seven services come up as tiles once their first checks ran.
    await expect.poll(() => page.locator('.fleet .tiles li.up').count(), { timeout: 30_000 }).toBe(7);
    await page.getByText('live', { exact: true }).waitFor();
    await vigia.screenshot(page, 'demo-overview');

    const demo = page.getByRole('region', { name: 'Demo fleet' });
    await demo.getByLabel('Service').selectOption('cache');
    await demo.getByLabel('Fault').selectOption('down');
    await demo.getByRole('button', { name: 'Inject fault' }).click();
    await demo.getByRole('status').filter({ hasText: 'switched on at cache' }).waitFor();

    const feed = page.locator('.feed');
    const arrives = (text: string) =>
      feed.locator('li', { hasText: text }).first().waitFor({ timeout: 60_000 });
    await arrives('demo.fault_switched_on');
    await arrives('alerts.alert_fired');
    await arrives('healing.alert_diagnosed');
    await arrives('healing.action_succeeded');
    await arrives('alerts.alert_resolved');
    await arrives('healing.remediation_healed');
    await vigia.screenshot(page, 'demo-healed-live');

    // The healed incident's timeline: alert → diagnosis → action → verification → resolution.
    const healed = await vigia.api<{ remediations: Array<{ alertId: string; status: string }> }>(
      'GET',
      '/api/remediations?target=cache',
    );
    const alertId = healed.body.remediations.find((r) => r.status === 'healed')?.alertId;
    expect(alertId, JSON.stringify(healed.body)).toBeDefined();
    await page.goto(`${vigia.address}/incidents/${alertId}`);
    await page
      .getByText(/diagnos/i)
      .first()
      .waitFor();
    await page.getByRole('heading', { name: /simulator_fault_off\) succeeded/ }).waitFor({ timeout: 60_000 });
    await page
      .getByText(/healed/i)
      .first()
      .waitFor();
    await vigia.screenshot(page, 'demo-incident');
    await page.close();
  }, 120_000);

  it('shows a viewer every page without a single edit or act control', async () => {
    const password = await vigia.createUser('vera', 'viewer');
    const page = await vigia.loggedInPage('vera', password);
    expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    const forbidden =
      /^(new|edit|delete|save|acknowledge|silence(?!d)|expire|approve|reject|inject fault|reset all|check now|pause|resume|test against history)/i;
    for (const path of [
      '/',
      '/services',
      '/services/db',
      '/alerts',
      '/incidents',
      '/events',
      '/config',
      '/config/monitors',
    ]) {
      await page.goto(`${vigia.address}${path}`);
      await page.locator('main h1').first().waitFor();
      await page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null);
      const buttons = await page.locator('main button').allTextContents();
      expect(
        buttons.filter((b) => forbidden.test(b.trim())),
        `${path}: ${buttons.join(', ')}`,
      ).toEqual([]);
    }
    await page.close();
  });
});
