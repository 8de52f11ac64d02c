import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const main = path.join(import.meta.dirname, '..', 'src', 'cli', 'main.ts');
const dataDir = mkdtempSync(path.join(tmpdir(), 'vigia-up-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('vigia up', () => {
  it('prints its address, answers health checks on loopback, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'up', '--port', '0'], {
      env: { ...process.env, VIGIA_DATA_DIR: dataDir, VIGIA_CONFIG: '', VIGIA_LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    for (let i = 0; i < 200 && !/vigia users passwd/.test(stdout); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const address = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
    expect(address, stdout).toBeDefined();

    expect(await (await fetch(`${address}/health/live`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${address}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${address}/nope`)).status).toBe(404);

    // First start: the admin user and a one-time setup code, printed once, never logged.
    const code = /(setup_[0-9a-f]{16}_\S+)/.exec(stdout)?.[1];
    expect(code, stdout).toBeDefined();
    const password = 'a long enough passphrase';
    const setup = await fetch(`${address}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, password }),
    });
    expect(setup.status).toBe(200);
    const cookie = setup.headers.get('set-cookie')!.split(';')[0]!;
    const me = await fetch(`${address}/api/me`, { headers: { cookie } });
    expect(await me.json()).toMatchObject({ actor: 'user:admin', role: 'admin', kind: 'session' });
    expect((await fetch(`${address}/api/me`)).status).toBe(401);
    const again = await fetch(`${address}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, password }),
    });
    expect(again.status).toBe(401);
    expect(stderr).not.toContain(code!.split('_')[2]);
    expect(stdout + stderr).not.toContain(password);

    child.kill('SIGTERM');
    const exitCode = await new Promise((resolve) => child.on('exit', resolve));
    expect(exitCode).toBe(0);
  });

  it('refuses an invalid port with exit code 2', async () => {
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
