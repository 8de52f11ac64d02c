import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserVigia, startBrowserVigia } from './browser-vigia.js';
import { browserTestsRun } from './chromium.js';

// The services list and a service's page in chromium, against `vigia up` running the demo fleet
// (7 services, each with a health check `demo-<service>` and a metrics scrape `demo-<service>-metrics`).
describe.runIf(browserTestsRun)('the services and monitors pages in chromium', () => {
  let vigia: BrowserVigia;

  beforeAll(async () => {
    vigia = await startBrowserVigia({ demo: true });
  }, 120_000);

  afterAll(async () => {
    await vigia?.close();
  });

  const rows = (page: Page) => page.locator('.monitor-table tbody tr[data-monitor]');
  const shownMonitors = async (page: Page) =>
    (await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-monitor') ?? ''))).sort();
  const statusOf = (page: Page, monitor: string) =>
    page.locator(`.monitor-table tr[data-monitor="${monitor}"] td:first-child`).textContent();

  it('lists the monitors, narrows them by search and status in the address, and updates a status live', async () => {
    const page = await vigia.loggedInPage();
    await page.goto(`${vigia.address}/services`);
    await page.getByRole('heading', { level: 1, name: 'Services and monitors' }).waitFor();
    await expect.poll(() => rows(page).count(), { timeout: 20_000 }).toBe(14);
    await page.getByText(/14 monitors in 7 services/).waitFor();

    await page.getByLabel('Search monitors').fill('db');
    await expect.poll(() => shownMonitors(page)).toEqual(['demo-db', 'demo-db-metrics']);
    expect(new URL(page.url()).searchParams.get('q')).toBe('db');

    await expect.poll(() => statusOf(page, 'demo-db'), { timeout: 20_000 }).toBe('up');
    await page.getByLabel('Status', { exact: true }).selectOption('down');
    await page.getByText('No monitors match these filters.').waitFor();
    expect(new URL(page.url()).search).toBe('?status=down&q=db');
    await page.getByLabel('Status', { exact: true }).selectOption('up');
    await expect.poll(() => shownMonitors(page)).toEqual(['demo-db', 'demo-db-metrics']);

    // The address holds the filters: a reload shows the same list.
    await page.reload();
    await expect.poll(() => shownMonitors(page)).toEqual(['demo-db', 'demo-db-metrics']);
    expect(await page.getByLabel('Search monitors').inputValue()).toBe('db');

    // A service breaking shows in the loaded row without reloading the page.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows(page).count()).toBe(14);
    await vigia.screenshot(page, 'services-list');
    const broken = await vigia.api('POST', '/api/demo/faults', { service: 'cache', fault: 'down' });
    expect(broken.status, JSON.stringify(broken.body)).toBeLessThan(300);
    await expect.poll(() => statusOf(page, 'demo-cache'), { timeout: 30_000 }).toBe('down');
    expect(await rows(page).count()).toBe(14);
    const reset = await vigia.api('POST', '/api/demo/reset', {});
    expect(reset.status, JSON.stringify(reset.body)).toBeLessThan(300);
    await page.close();
  }, 90_000);

  it('shows a service: its monitors, latency chart, dependency graph, checks and events', async () => {
    const page = await vigia.loggedInPage();
    await page.goto(`${vigia.address}/services?q=db`);
    await page.locator('.monitor-table').getByRole('link', { name: 'db', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'db' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/services/db');

    const monitors = page.locator('section', { has: page.getByRole('heading', { name: 'Monitors' }) });
    await monitors.getByRole('link', { name: 'demo-db', exact: true }).waitFor();
    await monitors.getByRole('link', { name: 'demo-db-metrics', exact: true }).waitFor();

    await page.locator('[data-chart="latency"] canvas').first().waitFor();
    // api depends on db: an arrow from api to db, and api's node links to its page.
    await page.locator('svg.dependency-graph [data-edge="api->db"]').waitFor({ state: 'attached' });
    expect(await page.locator('svg.dependency-graph a[href="/services/api"]').count()).toBe(1);

    const history = page.getByRole('table', { name: /Latest checks of demo-db/ });
    await expect.poll(() => history.locator('tbody tr').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByText('No dynamic-threshold rule applies to this service.').waitFor();

    // An operator acts on a monitor; the change shows in its row.
    await page.getByRole('button', { name: 'Check now: demo-db', exact: true }).click();
    await page.getByText('A check of demo-db was asked for').waitFor();
    await page.getByRole('button', { name: 'Pause: demo-db', exact: true }).click();
    await page.getByRole('button', { name: 'Resume: demo-db', exact: true }).waitFor({ timeout: 20_000 });
    await page
      .getByRole('list', { name: /Newest events of db/ })
      .getByText(/demo-db/)
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Resume: demo-db', exact: true }).click();
    await page.getByRole('button', { name: 'Pause: demo-db', exact: true }).waitFor({ timeout: 20_000 });

    // The range goes into the address and the chart follows it.
    await page.getByLabel('Time range').selectOption('6h');
    expect(new URL(page.url()).searchParams.get('range')).toBe('6h');
    await page.getByRole('heading', { name: /Latency and uptime of demo-db, last 6 hours/ }).waitFor();
    await page.locator('[data-chart="latency"] canvas').first().waitFor();
    await vigia.screenshot(page, 'service-page');
    await page.close();
  }, 60_000);

  it('shows a viewer the same pages without any button that acts', async () => {
    const page = await vigia.loggedInPage('vera', await vigia.createUser('vera', 'viewer'));
    await page.goto(`${vigia.address}/services/db`);
    await page.getByRole('link', { name: 'demo-db', exact: true }).waitFor();
    await page.locator('[data-chart="latency"] canvas').first().waitFor();
    expect(await page.getByRole('button', { name: /Check now/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Pause|Resume/ }).count()).toBe(0);
    expect(await page.getByRole('columnheader', { name: 'Actions' }).count()).toBe(0);
    await page.close();
  }, 30_000);
});
