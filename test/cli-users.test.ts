import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOG_START, SqliteEventStore } from '../src/events/index.js';
import { silentLogger } from '../src/kernel/index.js';
import { createVigiaServer } from '../src/server/index.js';
import { TEST_AUTH_SETTINGS } from './support/auth.js';

const main = path.join(import.meta.dirname, '..', 'src', 'cli', 'main.ts');
const dataDir = mkdtempSync(path.join(tmpdir(), 'vigia-cli-users-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs the CLI with `input` on stdin (not a terminal). */
function vigia(
  input: string | undefined,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], {
      env: { ...process.env, VIGIA_DATA_DIR: dataDir, VIGIA_CONFIG: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdin.end(input ?? '');
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('vigia users', () => {
  it('creates, lists and re-passwords users; refuses weak passwords and missing terminals clearly', async () => {
    const created = await vigia(
      'first password here\n',
      'users',
      'create',
      'ana',
      '--role',
      'operator',
      '--password-stdin',
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/Created operator "ana"/);

    const weak = await vigia('short\n', 'users', 'create', 'bob', '--role', 'viewer', '--password-stdin');
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('at least 10 characters');

    const badRole = await vigia(undefined, 'users', 'create', 'bob', '--role', 'root', '--password-stdin');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role must be one of viewer, operator, admin');

    const noTerminal = await vigia(undefined, 'users', 'passwd', 'ana');
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toContain('--password-stdin');

    const duplicate = await vigia(
      'another password\n',
      'users',
      'create',
      'ana',
      '--role',
      'viewer',
      '--password-stdin',
    );
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.stderr).toContain('exists already');

    const passwd = await vigia('second password here\n', 'users', 'passwd', 'ana', '--password-stdin');
    expect(passwd.code, passwd.stderr).toBe(0);
    const unknown = await vigia('second password here\n', 'users', 'passwd', 'zed', '--password-stdin');
    expect(unknown.code).toBe(2);

    const list = await vigia(undefined, '--json', 'users', 'list');
    const users = list.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(users).toEqual([expect.objectContaining({ name: 'ana', role: 'operator', disabled: false })]);

    // The server sees the CLI's user: the second password logs in, the first no longer does.
    const store = SqliteEventStore.open({ file: path.join(dataDir, 'events.db') });
    try {
      const { app } = await createVigiaServer({
        store,
        logger: silentLogger(),
        version: 'test',
        authSettings: TEST_AUTH_SETTINGS,
      });
      const login = (password: string) =>
        app.inject({ method: 'POST', url: '/api/session', payload: { name: 'ana', password } });
      expect((await login('first password here')).statusCode).toBe(401);
      expect((await login('second password here')).statusCode).toBe(200);
      const changes = await store.readAllPage(LOG_START, 1000);
      expect(changes.find((e) => e.type === 'auth.password_changed')?.metadata.actor).toMatch(/^cli:/);
      expect(JSON.stringify(changes)).not.toContain('password here');
      await app.close();
    } finally {
      await store.close();
    }
  });
});
