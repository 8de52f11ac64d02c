import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnVigia, type VigiaProcess } from '../support/vigia-process.js';
import { browserTestsRun, launchChromium } from './chromium.js';

// First start: the link `vigia up` prints lands on "create your admin account", which sets the
// admin's password with the one-time code and goes straight in.
describe.runIf(browserTestsRun)('the first-start setup link', () => {
  let dir: string;
  let vigia: VigiaProcess;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigia-setup-'));
    writeFileSync(path.join(dir, 'vigia.yaml'), 'logLevel: warn\nauth: { passwordCost: 14 }\n');
    vigia = spawnVigia(['up', '--port', '0'], {
      ...process.env,
      VIGIA_DATA_DIR: path.join(dir, 'data'),
      VIGIA_CONFIG: path.join(dir, 'vigia.yaml'),
    });
    await vigia.waitForStdout((stdout) => stdout.includes('in the dashboard: '));
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    vigia?.child.kill('SIGTERM');
    await vigia?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the admin account from the printed link', async () => {
    const link = /in the dashboard: (\S+)/.exec(vigia.output().stdout)?.[1];
    expect(link, vigia.output().stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/setup#code=setup_/);
    const page = await browser.newPage();
    await page.goto(link as string);
    await page.getByRole('heading', { name: 'Create your admin account' }).waitFor();
    expect(await page.getByLabel('Setup code').inputValue()).toMatch(/^setup_/);

    await page.getByLabel(/New password/).fill('a long enough password');
    await page.getByLabel('The same password again').fill('a different password');
    await page.getByRole('button', { name: 'Create the admin account' }).click();
    await page.getByRole('alert').filter({ hasText: 'differ' }).waitFor();

    await page.getByLabel('The same password again').fill('a long enough password');
    await page.getByRole('button', { name: 'Create the admin account' }).click();
    await page.getByRole('heading', { name: 'Fleet', exact: true }).waitFor();
    expect(await page.getByText('admin (admin)').count()).toBe(1);
    expect(new URL(page.url()).hash).toBe(''); // the used code is out of the address bar

    // The code works once: the same link now gets the server's refusal, in words.
    const again = await browser.newPage();
    await again.goto(link as string);
    await again.getByLabel(/New password/).fill('another long password');
    await again.getByLabel('The same password again').fill('another long password');
    await again.getByRole('button', { name: 'Create the admin account' }).click();
    await again
      .getByRole('alert')
      .filter({ hasText: /setup code/i })
      .waitFor();
  });
});
