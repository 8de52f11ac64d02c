import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../src/events/index.js';
import { secretPartOf } from './support/auth.js';
import { spawnVigia, type VigiaProcess } from './support/vigia-process.js';

const main = path.join(import.meta.dirname, '..', 'src', 'cli', 'main.ts');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Running extends VigiaProcess {
  address: string;
  setupCode: string;
  dataDir: string;
}

/** Starts `vigia up` on a fresh data directory and waits for its first-start banner. */
async function startVigia(): Promise<Running> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vigia-up-'));
  dirs.push(dataDir);
  const vigia = spawnVigia(['up', '--port', '0'], {
    ...process.env,
    VIGIA_DATA_DIR: dataDir,
    VIGIA_CONFIG: '',
    VIGIA_LOG_LEVEL: 'warn',
  });
  await vigia.waitForStdout((stdout) => /vigia users passwd/.test(stdout));
  const { stdout, stderr } = vigia.output();
  const address = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
  const setupCode = /(setup_[0-9a-f]{16}_\S+)/.exec(stdout)?.[1];
  expect(address, stdout + stderr).toBeDefined();
  expect(setupCode, stdout).toBeDefined();
  return { ...vigia, address: address!, setupCode: setupCode!, dataDir };
}

/** Sets the admin password with the setup code; returns the session cookie and CSRF token. */
async function setUp(vigia: Running, password: string): Promise<{ cookie: string; csrf: string }> {
  const setup = await fetch(`${vigia.address}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: vigia.setupCode, password }),
  });
  expect(setup.status).toBe(200);
  const { csrfToken } = (await setup.json()) as { csrfToken: string };
  return { cookie: setup.headers.get('set-cookie')!.split(';')[0]!, csrf: csrfToken };
}

describe('vigia up', () => {
  it('prints its address, answers health checks on loopback, and exits 0 on SIGTERM', async () => {
    const vigia = await startVigia();
    const { address } = vigia;
    expect(await (await fetch(`${address}/health/live`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${address}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${address}/api/nope`)).status).toBe(404); // other paths are the dashboard’s

    // First start: the admin user and a one-time setup code, printed once, never logged.
    const password = 'a long enough passphrase';
    const { cookie } = await setUp(vigia, password);
    const me = await fetch(`${address}/api/me`, { headers: { cookie } });
    expect(await me.json()).toMatchObject({ actor: 'user:admin', role: 'admin', kind: 'session' });
    expect((await fetch(`${address}/api/me`)).status).toBe(401);
    const again = await fetch(`${address}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: vigia.setupCode, password }),
    });
    expect(again.status).toBe(401);
    const { stdout, stderr } = vigia.output();
    expect(stderr).not.toContain(secretPartOf(vigia.setupCode));
    expect(stdout + stderr).not.toContain(password);

    vigia.child.kill('SIGTERM');
    expect(await vigia.exited).toBe(0);
  });

  it('on SIGTERM answers the request in flight, refuses new ones, stores what it acknowledged, and exits 0', async () => {
    const vigia = await startVigia();
    const { cookie, csrf } = await setUp(vigia, 'drain test password');
    const body = Buffer.from(
      JSON.stringify({ events: [{ type: 'drain.tested', data: { padding: 'x'.repeat(200_000) } }] }),
    );
    const url = new URL(`${vigia.address}/api/streams/drain-1/events`);
    // Send the headers and half the body, so the request is in flight when the signal lands.
    let answer: (value: { status: number; body: string }) => void;
    const answered = new Promise<{ status: number; body: string }>((resolve) => {
      answer = resolve;
    });
    const inFlight = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          cookie,
          'x-csrf-token': csrf,
          'content-type': 'application/json',
          'content-length': body.length,
        },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () => answer({ status: response.statusCode!, body: text }));
      },
    );
    inFlight.write(body.subarray(0, body.length / 2));
    await new Promise((r) => setTimeout(r, 300));
    vigia.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    // A new connection is refused while the old request drains.
    await expect(fetch(`${vigia.address}/health/live`)).rejects.toThrow();
    inFlight.end(body.subarray(body.length / 2));
    const response = await answered;
    expect(response.status, response.body).toBe(201);
    expect(await vigia.exited).toBe(0);

    const store = SqliteEventStore.open({ file: path.join(vigia.dataDir, 'events.db') });
    try {
      const events = await store.readStream('drain-1');
      expect(events.map((e) => e.type)).toEqual(['drain.tested']);
    } finally {
      await store.close();
    }
  });

  it('refuses an invalid port with exit code 2', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'vigia-up-'));
    dirs.push(dataDir);
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'up', '--port', 'http'], {
      env: { ...process.env, VIGIA_DATA_DIR: dataDir, VIGIA_CONFIG: '' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('--port');
  });
});
