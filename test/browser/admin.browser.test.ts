import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserVigia, startBrowserVigia } from './browser-vigia.js';
import { browserTestsRun } from './chromium.js';

// The admin page in a real browser against a real `vigia up` (no demo): users, API tokens shown
// once, the audit log, and what a viewer sees instead.
describe.runIf(browserTestsRun)('the admin page in chromium', () => {
  let vigia: BrowserVigia;
  let admin: Page;
  let createdToken = '';

  beforeAll(async () => {
    vigia = await startBrowserVigia();
    admin = await vigia.loggedInPage();
  }, 120_000);

  afterAll(async () => {
    await vigia?.close();
  });

  const section = (name: string) =>
    admin.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name });
  const loginAs = (name: string, password: string) =>
    fetch(`${vigia.address}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password }),
    });

  it('creates a user, sets its password (the server’s rule beside the field) and changes its role', async () => {
    await admin.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Admin' }).click();
    await admin.getByRole('heading', { name: 'Users', level: 2 }).waitFor();
    const form = admin.getByRole('form', { name: 'New user' });
    await form.getByLabel('Name', { exact: true }).fill('olive');
    await form.getByLabel('Display name').fill('Olive Oyl');
    await form.getByLabel('Role').selectOption('operator');
    await form.getByRole('button', { name: 'Create user' }).click();

    const panel = admin.getByRole('region', { name: 'User olive' });
    await panel.getByText('olive was created. Set a password').waitFor();
    await panel.getByLabel('New password').fill('olive has a long password');
    await panel.getByRole('button', { name: 'Set password' }).click();
    await panel.locator('.admin-field', { hasText: 'must not contain the user name' }).waitFor();
    await panel.getByLabel('New password').fill('a long and good secret');
    await panel.getByRole('button', { name: 'Set password' }).click();
    await panel.getByText('Password set').waitFor();
    expect((await loginAs('olive', 'a long and good secret')).status).toBe(200);

    const row = admin.getByRole('row').filter({ has: admin.getByRole('rowheader', { name: 'olive' }) });
    await expect.poll(() => row.textContent()).toContain('operator');
    await panel.getByLabel('Role').selectOption('viewer');
    await panel.getByRole('button', { name: 'Save changes' }).click();
    await panel.getByText('Saved.').waitFor();
    await expect.poll(() => row.textContent()).toContain('viewer');
    const listed = await vigia.api<{ items: Array<{ role: string }> }>('GET', '/api/users?name=olive');
    expect(listed.body.items[0]?.role).toBe('viewer');
    await vigia.screenshot(admin, 'admin-users');
  });

  it('warns before an admin disables their own account', async () => {
    await admin.getByRole('button', { name: 'Manage admin' }).click();
    const own = admin.getByRole('region', { name: 'User admin' });
    await own.getByLabel(/^Disabled/).check();
    await own.getByRole('button', { name: 'Save changes' }).click();
    await own.getByRole('alert').filter({ hasText: 'disabling your own account' }).waitFor();
    await own.getByRole('button', { name: 'Cancel' }).click();
    await own.getByRole('button', { name: 'Save changes' }).waitFor();
    const me = await vigia.api<{ items: Array<{ disabled?: boolean }> }>('GET', '/api/users?name=admin');
    expect(me.body.items[0]?.disabled).toBeUndefined();
  });

  it('shows a new token once, forgets it when leaving, and revokes it', async () => {
    await section('API tokens').click();
    const form = admin.getByRole('form', { name: 'New API token' });
    await form.getByLabel('Name', { exact: true }).fill('deploy-script');
    await form.getByLabel('Role').selectOption('operator');
    await form.getByLabel('Expires after (days)').fill('30');
    await form.getByRole('button', { name: 'Create token' }).click();

    const once = admin.getByRole('region', { name: /Token “deploy-script” created/ });
    await once.getByText('This is the only time the token is shown').waitFor();
    createdToken = await once.getByLabel('Token').inputValue();
    expect(createdToken).toMatch(/^vigia_[0-9a-f]{16}_/);
    await once.getByRole('button', { name: 'Copy' }).click();
    await once.getByRole('status').waitFor();
    const me = await fetch(`${vigia.address}/api/me`, {
      headers: { authorization: `Bearer ${createdToken}` },
    });
    expect(me.status).toBe(200);
    await vigia.screenshot(admin, 'admin-token-once');

    await section('Users').click();
    await admin.getByRole('heading', { name: 'Users', level: 2 }).waitFor();
    await section('API tokens').click();
    const row = admin
      .getByRole('row')
      .filter({ has: admin.getByRole('rowheader', { name: 'deploy-script' }) });
    await row.waitFor();
    expect(await admin.getByText('This is the only time the token is shown').count()).toBe(0);
    expect(await admin.content()).not.toContain(createdToken);

    await row.getByRole('button', { name: 'Revoke deploy-script' }).click();
    await row.getByRole('button', { name: 'Revoke', exact: true }).click();
    await expect.poll(() => row.textContent()).toContain('revoked');
    await expect
      .poll(
        async () =>
          (await fetch(`${vigia.address}/api/me`, { headers: { authorization: `Bearer ${createdToken}` } }))
            .status,
      )
      .toBe(401);
  });

  it('lists the audit log newest first, filters it in the address and adds new events live', async () => {
    await section('Audit log').click();
    const rows = admin.getByRole('row');
    await rows.filter({ hasText: 'login succeeded' }).filter({ hasText: 'admin' }).first().waitFor();
    await rows.filter({ hasText: 'token created' }).filter({ hasText: 'deploy-script' }).waitFor();
    const events = await rows.locator('td:nth-child(2)').allTextContents();
    expect(events.indexOf('token revoked')).toBeLessThan(events.indexOf('token created'));
    await vigia.screenshot(admin, 'admin-audit');

    await admin.getByLabel('Kind').selectOption('failed-logins');
    await expect.poll(() => new URL(admin.url()).search).toBe('?kind=failed-logins');
    await admin.getByText('live', { exact: true }).waitFor();
    expect((await loginAs('olive', 'not the password')).status).toBe(401);
    await rows.filter({ hasText: 'login failed (wrong password)' }).filter({ hasText: 'olive' }).waitFor();
    expect(await rows.filter({ hasText: 'login succeeded' }).count()).toBe(0);

    await admin.reload();
    expect(await admin.getByLabel('Kind').inputValue()).toBe('failed-logins');
    await rows.filter({ hasText: 'login failed (wrong password)' }).waitFor();
  });

  it('fits a phone’s width: tables scroll in their own box, forms stack', async () => {
    await admin.setViewportSize({ width: 375, height: 800 });
    await admin.goto(`${vigia.address}/admin/users`);
    for (const name of ['Users', 'API tokens', 'Audit log']) {
      await section(name).click();
      await admin.getByRole('table').first().waitFor();
      const overflow = await admin
        .locator('section.admin')
        .evaluate((element) => element.scrollWidth - element.clientWidth);
      expect(overflow, name).toBeLessThanOrEqual(0);
    }
    await admin.setViewportSize({ width: 1280, height: 800 });
  });

  it('tells a viewer the page is for admins only, and lists no Admin link', async () => {
    // Made here, not with vigia.createUser: its password contains the user name, which the server refuses.
    const created = await vigia.api<{ id: string }>('POST', '/api/users', { name: 'vera', role: 'viewer' });
    const password = 'viewer secret for tests';
    expect((await vigia.api('PUT', `/api/users/${created.body.id}/password`, { password })).status).toBe(204);
    const viewer = await vigia.loggedInPage('vera', password);
    const nav = viewer.getByRole('navigation', { name: 'Pages' });
    await nav.getByRole('link', { name: 'Overview' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await viewer.goto(`${vigia.address}/admin/tokens`);
    await viewer.getByRole('alert').filter({ hasText: 'This page is for admins only' }).waitFor();
    expect(await viewer.getByRole('button', { name: 'Create token' }).count()).toBe(0);
    await viewer.close();
  });
});
