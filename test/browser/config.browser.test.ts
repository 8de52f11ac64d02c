import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserVigia, startBrowserVigia } from './browser-vigia.js';
import { browserTestsRun } from './chromium.js';

interface Monitor {
  id: string;
  version: number;
  name: string;
  intervalSeconds?: number;
  description?: string;
}

/** The controls that change configuration, by their names. */
function writeControls(page: Page) {
  const name = /^(New|Edit|Delete)\b/;
  return [page.getByRole('link', { name }), page.getByRole('button', { name })];
}

async function countOf(page: Page): Promise<number> {
  const counts = await Promise.all(writeControls(page).map((locator) => locator.count()));
  return counts.reduce((a, b) => a + b, 0);
}

// The configuration pages in a real browser against a real `vigia up` (no demo: only the
// default alert rules exist at start).
describe.runIf(browserTestsRun)('the configuration pages in chromium', () => {
  let vigia: BrowserVigia;
  const monitorNamed = async (name: string) => {
    const list = await vigia.api<{ items: Monitor[] }>('GET', `/api/monitors?name=${name}`);
    return list.body.items[0];
  };

  // The fixture's createUser picks a password holding the user name, which the server refuses.
  const userWithRole = async (name: string, role: 'viewer' | 'operator') => {
    const password = 'a long enough test password';
    const user = await vigia.api<{ id: string }>('POST', '/api/users', { name, role });
    expect(user.status).toBe(201);
    expect((await vigia.api('PUT', `/api/users/${user.body.id}/password`, { password })).status).toBeLessThan(
      300,
    );
    return vigia.loggedInPage(name, password);
  };

  beforeAll(async () => {
    vigia = await startBrowserVigia();
  }, 120_000);

  afterAll(async () => {
    await vigia?.close();
  });

  it('creates a monitor with the form, shows the server’s refusal beside the field, saves the fix', async () => {
    const page = await vigia.loggedInPage();
    await page
      .getByRole('navigation', { name: 'Pages' })
      .getByRole('link', { name: 'Configuration' })
      .click();
    await page.getByRole('heading', { name: 'Configuration', level: 1 }).waitFor();
    await vigia.screenshot(page, 'config-index');
    await page.getByRole('link', { name: 'Monitors' }).click();
    await page.getByText('No monitors yet.').waitFor();
    await page.getByRole('link', { name: 'New monitor' }).click();

    await page.getByLabel('Name', { exact: true }).fill('shop-health');
    expect(await page.getByLabel('Kind', { exact: true }).inputValue()).toBe('http');
    await page.getByLabel('Service', { exact: true }).fill('shop');
    await page.getByLabel('URL', { exact: true }).fill('http://127.0.0.1:9/health');
    await page.getByRole('button', { name: 'Create monitor' }).click();
    await page.getByRole('heading', { name: 'Monitor shop-health', level: 1 }).waitFor();
    const created = await monitorNamed('shop-health');
    expect(created).toMatchObject({ name: 'shop-health', version: 1 });

    await page
      .getByRole('navigation', { name: 'Breadcrumb' })
      .getByRole('link', { name: 'Monitors' })
      .click();
    const row = page.getByRole('row', { name: /shop-health/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('http://127.0.0.1:9/health');
    await vigia.screenshot(page, 'config-list');

    await page.getByRole('link', { name: 'Edit shop-health' }).click();
    await page.getByLabel('Interval, seconds', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Save' }).click();
    const intervalField = page.locator('[data-field="intervalSeconds"]');
    await intervalField.locator('.field-errors').getByText(/>= 5/).waitFor();
    expect(await page.getByLabel('Interval, seconds', { exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    expect((await monitorNamed('shop-health'))?.version).toBe(1);
    await vigia.screenshot(page, 'config-edit-error');

    await page.getByLabel('Interval, seconds', { exact: true }).fill('30');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Monitor shop-health', level: 1 }).waitFor();
    await expect.poll(async () => (await monitorNamed('shop-health'))?.intervalSeconds).toBe(30);
    await page.getByText('Version 2').waitFor();
    await page.close();
  });

  it('refuses a save over someone else’s change with the server’s 412, and keeps theirs', async () => {
    const page = await vigia.loggedInPage();
    const monitor = (await monitorNamed('shop-health'))!;
    await page.goto(`${vigia.address}/config/monitors?id=${monitor.id}&edit=1`);
    await page.getByLabel('Description', { exact: true }).fill('mine');
    // Someone else saves first (a PUT with the version they read).
    const status = await page.evaluate(async (id) => {
      const { csrfToken } = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const current = (await (await fetch(`/api/monitors/${id}`)).json()) as Record<string, unknown>;
      const { id: _id, version, createdAt: _c, updatedAt: _u, ...doc } = current;
      const response = await fetch(`/api/monitors/${id}`, {
        method: 'PUT',
        headers: {
          'content-type': 'application/json',
          'x-csrf-token': csrfToken,
          'if-match': `"${version}"`,
        },
        body: JSON.stringify({ ...doc, description: 'theirs' }),
      });
      return response.status;
    }, monitor.id);
    expect(status).toBe(200);
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('alert')
      .getByText(/changed by someone else/)
      .waitFor();
    expect((await monitorNamed('shop-health'))?.description).toBe('theirs');
    await page.getByRole('alert').getByRole('button', { name: 'Reload the latest version' }).click();
    await expect.poll(() => page.getByLabel('Description', { exact: true }).inputValue()).toBe('theirs');
    await page.close();
  });

  it('checks JSON fields in the browser before sending a runbook', async () => {
    const page = await vigia.loggedInPage();
    await page.goto(`${vigia.address}/config/runbooks?new=1`);
    await page.getByLabel('Name', { exact: true }).fill('restart-shop');
    await page.getByLabel('Trigger', { exact: true }).fill('{ "alert": { "severities": ["critical"] } }');
    await page.getByLabel('Steps', { exact: true }).fill('[{ "name": "tell", }]');
    await page.getByRole('button', { name: 'Create runbook' }).click();
    await page
      .locator('[data-field="steps"] .field-errors')
      .getByText('not valid JSON at line 1, column 20: a comma before } (remove it)')
      .waitFor();
    const runbooks = await vigia.api<{ items: unknown[] }>('GET', '/api/runbooks');
    expect(runbooks.body.items).toEqual([]);
    await page.close();
  });

  it('shows definitions from the configuration file read-only', async () => {
    const page = await vigia.loggedInPage();
    await page.goto(`${vigia.address}/config/alert-rules`);
    const row = page.getByRole('row', { name: /default-high-cpu/ });
    await row.getByText('managed by config').waitFor();
    expect(await page.getByRole('link', { name: 'Edit default-high-cpu' }).count()).toBe(0);
    await row.getByRole('link', { name: 'default-high-cpu' }).click();
    await page.getByText(/comes from the configuration file/).waitFor();
    expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    await page.close();
  });

  it('gives a viewer the lists and documents without any edit control', async () => {
    const page = await userWithRole('vera', 'viewer');
    await page.goto(`${vigia.address}/config/monitors`);
    await page.getByRole('link', { name: 'shop-health' }).click();
    await page.getByRole('heading', { name: 'Monitor shop-health', level: 1 }).waitFor();
    await page.getByText('http://127.0.0.1:9/health').waitFor();
    expect(await countOf(page)).toBe(0);
    await vigia.screenshot(page, 'config-view');
    expect(await page.getByRole('button', { name: 'Pause' }).count()).toBe(0);
    await page.goBack();
    await page.getByRole('row', { name: /shop-health/ }).waitFor();
    expect(await countOf(page)).toBe(0);
    await page.setViewportSize({ width: 375, height: 700 });
    await vigia.screenshot(page, 'config-list-phone');
    await page.close();
  });

  it('lets an operator create monitors but not receivers or runbooks', async () => {
    const page = await userWithRole('otto', 'operator');
    await page.goto(`${vigia.address}/config/monitors`);
    await page.getByRole('link', { name: 'New monitor' }).waitFor();
    for (const kind of ['alert-receivers', 'runbooks']) {
      await page.goto(`${vigia.address}/config/${kind}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.locator('[aria-busy="true"]').waitFor({ state: 'detached' });
      expect(await countOf(page), kind).toBe(0);
    }
    await page.close();
  });

  it('deletes after asking again in place', async () => {
    const made = await vigia.api<Monitor>('POST', '/api/monitors', {
      name: 'old-check',
      kind: 'tcp',
      service: 'shop',
      host: '127.0.0.1',
      port: 9,
    });
    expect(made.status).toBe(201);
    const page = await vigia.loggedInPage();
    await page.goto(`${vigia.address}/config/monitors?id=${made.body.id}`);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByRole('heading', { name: 'Monitors', level: 1 }).waitFor();
    await page.getByRole('row', { name: /shop-health/ }).waitFor();
    expect(await page.getByRole('row', { name: /old-check/ }).count()).toBe(0);
    expect(await monitorNamed('old-check')).toBeUndefined();
    await page.close();
  });
});
