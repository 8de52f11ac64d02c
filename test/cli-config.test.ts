import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { spawnVigia, VIGIA_MAIN } from './support/vigia-process.js';

const execFileAsync = promisify(execFile);
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigia-cli-config-'));
  dirs.push(dir);
  return dir;
}

/** Writes a vigia.yaml (cheap password hashing, quiet logs) with these monitors; returns its path. */
function configFile(dir: string, monitors: unknown[]): string {
  const file = path.join(dir, 'vigia.yaml');
  writeFileSync(file, stringify({ logLevel: 'warn', auth: { passwordCost: 14 }, monitors }));
  return file;
}

async function vigia(args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      ['--import', 'tsx', VIGIA_MAIN, ...args],
      {
        env: { ...process.env, VIGIA_CONFIG: '', ...env },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const beat = { name: 'nightly-backup', kind: 'heartbeat', service: 'backup', intervalSeconds: 3600 };
const db = { name: 'db-port', kind: 'tcp', service: 'db', host: '127.0.0.1', port: 9, intervalSeconds: 3600 };
const bad = { name: 'api-health', kind: 'http', service: 'api', url: 'not a url' };

describe('vigia config check', () => {
  it('exits 0 for a valid file and names it', async () => {
    const file = configFile(tempDir(), [beat, db]);
    const result = await vigia(['config', 'check', '--config', file]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${file}: valid (2 monitor(s), 3 alerting definition(s) and runbook(s))`);
  });

  it('exits 2 and names each wrong monitor entry and field', async () => {
    const file = configFile(tempDir(), [beat, bad, { ...db, name: 'nightly-backup' }]);
    const result = await vigia(['config', 'check', '--config', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('2 problem(s)');
    expect(result.stderr).toContain(
      'monitors[1] (name "api-health"): url must be an http:// or https:// URL',
    );
    expect(result.stderr).toContain(
      'monitors[2] (name "nightly-backup"): name is also the name of monitors[0]',
    );
  });

  it('checks the alerting definitions and runbooks too, naming each wrong entry and field', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'vigia.yaml');
    writeFileSync(
      file,
      stringify({
        monitors: [beat],
        alerts: {
          rules: [{ name: 'api-latency', severity: 'warning', condition: { kind: 'threshold', op: '>' } }],
          routes: [{ name: 'everything', receivers: ['nobody'] }],
        },
        healing: {
          runbooks: [
            { name: 'heal-db', trigger: { alert: { matchers: ['service="db"'] } }, steps: [] },
            {
              name: 'heal-db',
              trigger: { event: { typePattern: 'deploy.*' } },
              steps: [{ name: 's', action: { kind: 'notify', receivers: [], message: 'hi' } }],
            },
          ],
        },
      }),
    );
    const result = await vigia(['config', 'check', '--config', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/alerts\.rules\[0\] \(name "api-latency"\): condition\.\w+/);
    expect(result.stderr).toContain('alerts.routes[0] (name "everything"): receivers');
    expect(result.stderr).toContain('healing.runbooks[0] (name "heal-db"): steps must have at least 1 step');
    expect(result.stderr).toContain(
      'healing.runbooks[1] (name "heal-db"): name is also the name of healing.runbooks[0]',
    );

    const good = path.join(dir, 'good.yaml');
    writeFileSync(
      good,
      stringify({
        healing: {
          runbooks: [
            {
              name: 'tell',
              trigger: { event: { typePattern: 'deploy.*' } },
              steps: [{ name: 's', action: { kind: 'notify', receivers: [], message: 'hi' } }],
            },
          ],
        },
      }),
    );
    const ok = await vigia(['config', 'check', '--config', good]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('valid (0 monitor(s), 4 alerting definition(s) and runbook(s))');
  });

  it('exits 2 for an unknown key, a monitors list that is not a list, or no file at all', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'vigia.yaml');
    writeFileSync(file, 'monitors: {name: x}\nservr: {}\n');
    const result = await vigia(['config', 'check'], { VIGIA_CONFIG: file });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('monitors:');
    expect(result.stderr).toContain('unknown key(s) servr');
    const missing = await vigia(['config', 'check', '--config', path.join(dir, 'absent.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot read configuration file');
  });
});

describe('vigia up with monitors in vigia.yaml', () => {
  it('refuses to start with a bad monitor entry, naming it (exit code 2)', async () => {
    const dir = tempDir();
    const file = configFile(dir, [beat, bad]);
    const result = await vigia(['up', '--port', '0'], { VIGIA_CONFIG: file, VIGIA_DATA_DIR: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'monitors[1] (name "api-health"): url must be an http:// or https:// URL',
    );
  });

  it('applies the file at start and on SIGHUP; a bad file on SIGHUP keeps the running monitors', async () => {
    const dir = tempDir();
    const file = configFile(dir, [beat]);
    const running = spawnVigia(['up', '--port', '0'], {
      ...process.env,
      VIGIA_CONFIG: file,
      VIGIA_DATA_DIR: dir,
    });
    try {
      await running.waitForStdout((stdout) => /vigia users passwd/.test(stdout));
      const { stdout, stderr } = running.output();
      const address = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      const code = /(setup_[0-9a-f]{16}_\S+)/.exec(stdout)?.[1];
      expect(address, stdout + stderr).toBeDefined();
      const setup = await fetch(`${address}/api/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, password: 'config reload passphrase' }),
      });
      expect(setup.status).toBe(200);
      const cookie = setup.headers.get('set-cookie')!.split(';')[0]!;
      const names = async () => {
        const response = await fetch(`${address}/api/monitors`, { headers: { cookie } });
        const body = (await response.json()) as { items: Array<{ name: string }> };
        return body.items.map((m) => m.name).sort();
      };
      expect(await names()).toEqual(['nightly-backup']);

      configFile(dir, [beat, db]);
      running.child.kill('SIGHUP');
      for (let i = 0; i < 200 && (await names()).length < 2; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await names()).toEqual(['db-port', 'nightly-backup']);

      configFile(dir, [db, bad]);
      running.child.kill('SIGHUP');
      for (let i = 0; i < 200 && !running.output().stderr.includes('configuration reload failed'); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(running.output().stderr).toContain('monitors[1].url');
      expect(await names()).toEqual(['db-port', 'nightly-backup']);

      running.child.kill('SIGTERM');
      expect(await running.exited).toBe(0);
    } finally {
      running.child.kill('SIGKILL');
    }
  });
});
