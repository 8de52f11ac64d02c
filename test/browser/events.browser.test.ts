import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserVigia, startBrowserVigia } from './browser-vigia.js';
import { browserTestsRun } from './chromium.js';
import { until } from './until.js';

// The events explorer against the demo fleet: filters in the address, pages, following a chain
// from an incident, an opened event as coloured JSON, and live additions.
describe.runIf(browserTestsRun)('the events explorer in chromium', () => {
  let vigia: BrowserVigia;

  beforeAll(async () => {
    vigia = await startBrowserVigia({ demo: true });
  }, 120_000);

  afterAll(async () => {
    await vigia?.close();
  });

  it('follows a chain from an incident and opens an event as indented, coloured JSON', async () => {
    const broken = await vigia.api('POST', '/api/demo/faults', { service: 'cache', fault: 'down' });
    expect(broken.status, JSON.stringify(broken.body)).toBeLessThan(300);
    const healed = await until('the cache to heal', async () => {
      const list = await vigia.api<{
        remediations: Array<{ alertId: string; target: string; status: string }>;
      }>('GET', '/api/remediations?target=cache&status=healed');
      return list.body.remediations[0];
    });
    const page = await vigia.loggedInPage();
    await page.goto(`${vigia.address}/incidents/${healed.alertId}`);
    await page.getByRole('link', { name: 'All events of this incident' }).click();
    await page.getByRole('heading', { name: 'Events', level: 1 }).waitFor();
    expect(await page.getByLabel('Correlation id').inputValue()).toBe(healed.alertId);
    const types = page.locator('.events-table tbody tr.event-row td:nth-child(2)');
    await page.getByRole('cell', { name: 'healing.remediation_healed', exact: true }).waitFor();
    const chain = await types.allTextContents();
    expect(chain).toContain('alerts.alert_fired');
    expect(chain.indexOf('alerts.alert_fired')).toBeLessThan(chain.indexOf('healing.alert_diagnosed'));
    expect(chain.indexOf('healing.alert_diagnosed')).toBeLessThan(
      chain.indexOf('healing.remediation_healed'),
    );
    // Every row of the chain links its correlation id: following it keeps the same chain.
    const links = page.locator('.events-table tbody tr.event-row td:nth-child(4) a');
    expect(new Set(await links.allTextContents())).toEqual(new Set([healed.alertId]));

    const diagnosed = page.locator('tr.event-row', { hasText: 'healing.alert_diagnosed' });
    await diagnosed.getByRole('button', { name: /show data and metadata/ }).click();
    const json = page.locator('tr.event-details pre.json-view').first();
    await json.waitFor();
    expect(await json.locator('.json-key', { hasText: '"causes"' }).count()).toBe(1);
    expect(await json.locator('.json-string').count()).toBeGreaterThan(0);
    expect(await json.locator('.json-number').count()).toBeGreaterThan(0);
    expect(await json.textContent()).toContain('\n  "alertId": ');
    await vigia.screenshot(page, 'events-explorer');

    // From a type filter, a correlation id link sets the chain as the filter.
    await page.goto(`${vigia.address}/events?type=healing.remediation_healed`);
    await page.getByRole('link', { name: healed.alertId }).first().click();
    await expect.poll(() => new URL(page.url()).search).toBe(`?correlationId=${healed.alertId}`);
    await page.getByRole('cell', { name: 'healing.alert_diagnosed', exact: true }).waitFor();
    await page.close();
  }, 90_000);

  it('adds new matching events live', async () => {
    const page = await vigia.loggedInPage();
    await page.goto(`${vigia.address}/events?type=healing.change_recorded`);
    await page.getByText('No event matches these filters.').waitFor();
    await page.getByLabel(/^Live/).check();
    await page.getByText('following', { exact: true }).waitFor();
    const change = await vigia.api('POST', '/api/changes', {
      kind: 'deploy',
      service: 'checkout',
      description: 'v2.0.1',
    });
    expect(change.status).toBe(201);
    await page
      .getByRole('cell', { name: 'healing.change_recorded', exact: true })
      .waitFor({ timeout: 10_000 });
    await page.close();
  }, 60_000);
  it('filters by type prefix, keeps filters in the address, and reads page after page', async () => {
    // More than two pages of check results (the demo checks its services every 5 s; the tests above took a while).
    await until('two pages of monitor events', async () => {
      const page = await vigia.api<{ events: unknown[] }>('GET', '/api/events?type=monitor.&limit=101');
      return page.body.events.length > 100 ? true : undefined;
    });
    const page = await vigia.loggedInPage();
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Events' }).click();
    await page.getByRole('heading', { name: 'Events', level: 1 }).waitFor();
    await page.getByLabel('Type prefix').fill('monitor.');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('type')).toBe('monitor.');
    const types = page.locator('.events-table tbody tr.event-row td:nth-child(2)');
    await expect.poll(() => types.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(50);
    expect((await types.allTextContents()).every((type) => type.startsWith('monitor.'))).toBe(true);

    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => types.count(), { timeout: 20_000 }).toBeGreaterThan(50);
    expect((await types.allTextContents()).every((type) => type.startsWith('monitor.'))).toBe(true);

    await page.getByRole('button', { name: 'Last 15 min' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('since')).toMatch(/^\d{4}-\d\d-\d\dT/);
    await page.reload();
    await page.getByRole('heading', { name: 'Events', level: 1 }).waitFor();
    expect(await page.getByLabel('Type prefix').inputValue()).toBe('monitor.');
    expect(await page.getByLabel('Since').inputValue()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d/);
    await page.close();
  }, 60_000);
});
