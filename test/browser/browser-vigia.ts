import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { spawnVigia, type VigiaProcess } from '../support/vigia-process.js';
import { launchChromium } from './chromium.js';

/** Where browser tests save their screenshots (kept after the run as test artifacts; not committed). */
export const ARTIFACTS = path.join(import.meta.dirname, '..', '..', 'artifacts', 'browser');

export const ADMIN_PASSWORD = 'correct horse battery staple';

export interface BrowserVigiaOptions {
  /** Run the demo fleet (its chaos loop off: tests break things themselves). */
  demo?: boolean;
  /** More `vigia.yaml` (top-level keys other than logLevel and auth). */
  config?: string;
  /** How long `vigia up` may take to start (default 15 s; a configuration with 10,000 monitors needs more). */
  startTimeoutMs?: number;
}

/** A real `vigia up` on loopback with its admin's password set, and a headless chromium. */
export interface BrowserVigia {
  address: string;
  browser: Browser;
  vigia: VigiaProcess;
  /** Stops `vigia up` (SIGTERM) and starts it again on the same address and data. */
  restart(): Promise<void>;
  /** Calls the API as the admin (an admin API token), returning status and parsed body. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** Creates a user with a role and a password, returning the password. */
  createUser(name: string, role: 'viewer' | 'operator' | 'admin'): Promise<string>;
  /** A new page logged in as `name` (the admin by default), on the overview. */
  loggedInPage(name?: string, password?: string): Promise<Page>;
  /** Saves a full-page screenshot as `artifacts/browser/<name>.png`. */
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startBrowserVigia(options: BrowserVigiaOptions = {}): Promise<BrowserVigia> {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigia-browser-'));
  const config = path.join(dir, 'vigia.yaml');
  const demo = options.demo ? 'demo: { enabled: true, chaos: false }\n' : '';
  // A low password cost keeps logins fast in tests (the default is for production).
  writeFileSync(config, `logLevel: warn\nauth: { passwordCost: 14 }\n${demo}${options.config ?? ''}`);
  const start = (port: number) =>
    spawnVigia(['up', '--port', String(port)], {
      ...process.env,
      VIGIA_DATA_DIR: path.join(dir, 'data'),
      VIGIA_CONFIG: config,
      VIGIA_DEMO: options.demo ? 'true' : 'false',
    });
  let vigia = start(0);
  await vigia.waitForStdout((stdout) => /setup_[0-9a-f]{16}_\S+/.test(stdout), options.startTimeoutMs);
  const { stdout, stderr } = vigia.output();
  const address = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
  const code = /(setup_[0-9a-f]{16}_\S+)/.exec(stdout)?.[1];
  if (!address || !code) {
    vigia.child.kill('SIGTERM');
    throw new Error(`vigia up did not start:\n${stdout}\n${stderr}`);
  }
  const setup = await fetch(`${address}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, password: ADMIN_PASSWORD }),
  });
  if (setup.status !== 200) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
  const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await setup.json()) as { csrfToken: string };
  const created = await fetch(`${address}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'browser-tests', role: 'admin' }),
  });
  const { token } = (await created.json()) as { token: string };
  const browser = await launchChromium();

  const api: BrowserVigia['api'] = async (method, route, body) => {
    const response = await fetch(`${address}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as never };
  };

  return {
    address,
    browser,
    get vigia() {
      return vigia;
    },
    api,
    async restart() {
      vigia.child.kill('SIGTERM');
      await vigia.exited;
      vigia = start(Number(new URL(address).port));
      await vigia.waitForStdout((out) => out.includes('listening on'));
      if (!vigia.output().stdout.includes(`listening on ${address}`)) {
        throw new Error(`vigia up did not start again on ${address}:\n${vigia.output().stderr}`);
      }
    },
    async createUser(name, role) {
      const password = `pw-${Math.random().toString(36).slice(2)}-for-browser-tests`;
      const user = await api<{ id: string }>('POST', '/api/users', { name, role });
      if (user.status !== 201)
        throw new Error(`creating ${name}: ${user.status} ${JSON.stringify(user.body)}`);
      const set = await api('PUT', `/api/users/${user.body.id}/password`, { password });
      if (set.status >= 300)
        throw new Error(`password of ${name}: ${set.status} ${JSON.stringify(set.body)}`);
      return password;
    },
    async loggedInPage(name = 'admin', password = ADMIN_PASSWORD) {
      const page = await browser.newPage();
      await page.goto(address);
      await page.getByLabel('Name').fill(name);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('navigation', { name: 'Pages' }).waitFor();
      return page;
    },
    async screenshot(page, name) {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close().catch(() => undefined);
      vigia.child.kill('SIGTERM');
      await vigia.exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
