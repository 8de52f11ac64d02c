import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnVigia, type VigiaProcess } from '../support/vigia-process.js';
import { buildDashboard } from './build-dashboard.js';
import { chromiumInstalled, launchChromium } from './chromium.js';

// The dashboard in a real browser against a real `vigia up` on loopback. With CI=true a missing
// chromium fails the suite instead of skipping it.
const PASSWORD = 'correct horse battery staple';
const runs = chromiumInstalled || process.env.CI === 'true';

describe.runIf(runs)('the dashboard in chromium', () => {
  let dir: string;
  let vigia: VigiaProcess;
  let address: string;
  let browser: Browser;

  beforeAll(async () => {
    await buildDashboard();
    dir = mkdtempSync(path.join(tmpdir(), 'vigia-browser-'));
    const config = path.join(dir, 'vigia.yaml');
    writeFileSync(config, 'logLevel: warn\nauth: { passwordCost: 14 }\n');
    vigia = spawnVigia(['up', '--port', '0'], {
      ...process.env,
      VIGIA_DATA_DIR: path.join(dir, 'data'),
      VIGIA_CONFIG: config,
    });
    await vigia.waitForStdout((stdout) => /setup_[0-9a-f]{16}_\S+/.test(stdout));
    const { stdout, stderr } = vigia.output();
    address = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1] ?? '';
    const code = /(setup_[0-9a-f]{16}_\S+)/.exec(stdout)?.[1];
    expect(address, stdout + stderr).not.toBe('');
    const setup = await fetch(`${address}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, password: PASSWORD }),
    });
    expect(setup.status, await setup.clone().text()).toBe(200);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    vigia?.child.kill('SIGTERM');
    await vigia?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs in, refusing a wrong password with the server’s message, and shows the fleet', async () => {
    const page = await browser.newPage();
    await page.goto(address);
    await page.getByLabel('Name').fill('admin');
    await page.getByLabel('Password').fill('wrong password!');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/name or password/i);

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Fleet' }).waitFor();
    expect(await page.getByText('admin (admin)').count()).toBe(1);
    await page.screenshot({ path: path.join(dir, 'overview.png') });

    // A reload keeps the session (the cookie), without logging in again.
    await page.reload();
    await page.getByRole('heading', { name: 'Fleet' }).waitFor();
    await page.getByText('live', { exact: true }).waitFor();

    // An event appended now shows in the live feed without a reload.
    const appended = await page.evaluate(async () => {
      const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const response = await fetch('/api/changes', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify({ kind: 'deploy', service: 'checkout', description: 'v2.0.1' }),
      });
      return { status: response.status, at: performance.now() };
    });
    expect(appended.status).toBe(201);
    await page.locator('.feed li', { hasText: 'healing.change_recorded' }).waitFor();
    const shownAt = await page.evaluate(() => performance.now());
    console.info(
      `live event on screen ${Math.round(shownAt - appended.at)} ms after its append was answered`,
    );
    await page.screenshot({ path: path.join(dir, 'overview-live.png') });

    // Pages change in place, and their address can be reloaded.
    await page.getByRole('link', { name: 'Alerts' }).click();
    await page.getByRole('heading', { name: 'Active alerts' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/alerts');
    await page.reload();
    await page.getByRole('heading', { name: 'Active alerts' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: 'Fleet' }).waitFor();
    await page.close();
  });
});
