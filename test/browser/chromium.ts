import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium (`.ci/run` installs it with apt); tests never download a browser. */
export const CHROMIUM = '/usr/bin/chromium';

export const chromiumInstalled = existsSync(CHROMIUM);

/** Browser tests run where chromium is installed; with CI=true a missing chromium fails them instead. */
export const browserTestsRun = chromiumInstalled || process.env.CI === 'true';

/** Headless, sandbox off (root in CI), nothing that reaches the network on its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
