import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../../../test/support/http-test-server.js';
import { ConfigError, FakeClock } from '../../kernel/index.js';
import { CommandNotAllowedError } from './action-errors.js';
import { ActionExecutor, type ActionExecutorOptions } from './action-executor.js';
import type { CommandSettings } from './command-action.js';
import type { ActionAttempt, RenderedAction } from './rendered-action.js';

// Every command line below must stay harmless even if a shell ever interpreted it (a regression
// to `shell: true` would): no rm, no redirection to a path that exists, no "$0" (the shell itself).

let executor: ActionExecutor | undefined;
let workDir = '';

beforeEach(() => {
  workDir = mkdtempSync(join(tmpdir(), 'vigia-command-'));
});

afterEach(async () => {
  await executor?.close();
  executor = undefined;
  rmSync(workDir, { recursive: true, force: true });
});

function executorWith(commands: CommandSettings | undefined, options: ActionExecutorOptions = {}) {
  const clock = new FakeClock();
  executor = new ActionExecutor({
    clock,
    retry: { maxAttempts: 5, baseMs: 0, maxMs: 0 },
    ...(commands ? { commands } : {}),
    ...options,
  });
  return { executor, clock };
}

function command(executable: string, ...args: string[]): RenderedAction {
  return { kind: 'command', executable, args };
}

const once = { timeoutMs: 60_000, retries: 0 };

describe('command action', () => {
  it('is refused when commands are not configured or not enabled', async () => {
    for (const commands of [undefined, { enabled: false, allow: ['/bin/echo'] }]) {
      const { executor } = executorWith(commands);
      const refusal = executor.execute(command('/bin/echo', 'hi'), once);
      await expect(refusal).rejects.toBeInstanceOf(CommandNotAllowedError);
      await expect(refusal).rejects.toMatchObject({ code: 'COMMAND_NOT_ALLOWED', reason: 'disabled' });
      await executor.close();
    }
  });

  it('is refused unless the executable is exactly in the allow-list', async () => {
    const { executor } = executorWith({ enabled: true, allow: ['/bin/echo'] });
    const attempts: ActionAttempt[] = [];
    for (const executable of ['/bin/sh', 'echo', '/bin/../bin/echo', '/bin/echo ', '/bin//echo']) {
      const refusal = executor.execute(command(executable, 'hi'), {
        ...once,
        onAttempt: async (a) => {
          attempts.push(a);
        },
      });
      await expect(refusal).rejects.toMatchObject({ code: 'COMMAND_NOT_ALLOWED', reason: 'not_allowed' });
    }
    expect(attempts).toEqual([]);
    expect(executor.breakerStates()).toEqual([]);
  });

  it('refuses an allow-list entry that is not an absolute, normalized path', () => {
    for (const path of ['bin/echo', 'echo', '/bin/../bin/echo', '/bin/']) {
      expect(() => new ActionExecutor({ commands: { enabled: true, allow: ['/bin/sh', path] } })).toThrow(
        ConfigError,
      );
    }
    expect(() => new ActionExecutor({ commands: { enabled: true, allow: ['relative'] } })).toThrow(
      /healing\.commands\.allow\[0\]: "relative" must be an absolute, normalized path/,
    );
  });

  it('passes arguments as given, never through a shell', async () => {
    const { executor } = executorWith({ enabled: true, allow: ['/bin/echo'] });
    const result = await executor.execute(
      command('/bin/echo', '$(id)', '; echo injected', '`id`', '*'),
      once,
    );
    expect(result).toEqual({
      outcome: 'succeeded',
      attempts: 1,
      detail: 'exit 0\nstdout: $(id) ; echo injected `id` *',
      exitCode: 0,
      stdout: '$(id) ; echo injected `id` *\n',
      stderr: '',
    });
  });

  it('gives the command only PATH and LANG, no Vigia secret', async () => {
    process.env.VIGIA_TEST_ACTION_SECRET = 's3cret-value';
    try {
      const { executor } = executorWith({ enabled: true, allow: ['/usr/bin/env'] });
      const result = await executor.execute(command('/usr/bin/env'), once);
      expect(result.outcome).toBe('succeeded');
      const names = (result.stdout ?? '')
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('=')[0]);
      expect(names).toContain('PATH');
      expect(names.every((name) => name === 'PATH' || name === 'LANG')).toBe(true);
      expect(result.stdout).not.toContain('s3cret-value');
    } finally {
      delete process.env.VIGIA_TEST_ACTION_SECRET;
    }
  });

  it('fails on a non-zero exit, records the code and stderr, and does not retry it by default', async () => {
    const { executor } = executorWith({ enabled: true, allow: ['/bin/sh'] });
    const result = await executor.execute(
      command('/bin/sh', '-c', 'echo partial; echo "no such unit" >&2; exit 3'),
      {
        timeoutMs: 60_000,
        retries: 2,
      },
    );
    expect(result).toEqual({
      outcome: 'failed',
      attempts: 1,
      detail: 'exit 3\nstderr: no such unit\nstdout: partial',
      exitCode: 3,
      stdout: 'partial\n',
      stderr: 'no such unit\n',
    });
  });

  it('retries a non-zero exit when configured to', async () => {
    const { executor } = executorWith({ enabled: true, allow: ['/bin/sh'], retryNonZeroExit: true });
    const marker = join(workDir, 'ran-once');
    // Fails the first time, succeeds the second: the marker file (passed as $1) remembers.
    const script = 'if [ -e "$1" ]; then echo second; else : > "$1"; exit 1; fi';
    const result = await executor.execute(command('/bin/sh', '-c', script, 'sh', marker), {
      timeoutMs: 60_000,
      retries: 2,
    });
    expect(result).toMatchObject({ outcome: 'succeeded', attempts: 2, exitCode: 0, stdout: 'second\n' });
  });

  it('kills a command at its timeout with SIGTERM and reports timed_out', async () => {
    const { executor, clock } = executorWith({ enabled: true, allow: ['/bin/sleep'] });
    const attempts: ActionAttempt[] = [];
    const result = executor.execute(command('/bin/sleep', '5'), {
      timeoutMs: 200,
      retries: 0,
      onAttempt: async (a) => {
        attempts.push(a);
      },
    });
    await clock.advance(200);
    expect(await result).toEqual({
      outcome: 'timed_out',
      attempts: 1,
      detail: 'timed out after 200 ms; killed with SIGTERM at the timeout',
      stdout: '',
      stderr: '',
    });
    expect(attempts.map((a) => a.outcome)).toEqual(['timed_out']);
  });

  it('follows an ignored SIGTERM with SIGKILL after the grace period', async () => {
    const { executor, clock } = executorWith({ enabled: true, allow: ['/bin/sh'], killGraceMs: 1_000 });
    const ready = join(workDir, 'trap-set');
    const script = 'trap "" TERM; : > "$1"; exec /bin/sleep 30';
    const result = executor.execute(command('/bin/sh', '-c', script, 'sh', ready), {
      timeoutMs: 200,
      retries: 0,
    });
    await eventually(() => existsSync(ready), 'the command ignores SIGTERM');
    await clock.advance(200);
    await clock.advance(1_000);
    expect(await result).toMatchObject({
      outcome: 'timed_out',
      detail: 'timed out after 200 ms; killed with SIGKILL at the timeout',
    });
  });

  it('does not wait for a background process the command left behind', async () => {
    const { executor, clock } = executorWith({ enabled: true, allow: ['/bin/sh'] });
    const result = executor.execute(command('/bin/sh', '-c', '/bin/sleep 3 & echo started'), {
      timeoutMs: 86_400_000, // never reached: the loop below ends as soon as the drain is over
      retries: 0,
    });
    let settled = false;
    void result.finally(() => {
      settled = true;
    });
    while (!settled) await clock.advance(50);
    expect(await result).toMatchObject({ outcome: 'succeeded', exitCode: 0, stdout: 'started\n' });
  });

  it('keeps at most 8 KiB of each output stream', async () => {
    const { executor } = executorWith({ enabled: true, allow: ['/usr/bin/head'] });
    const result = await executor.execute(command('/usr/bin/head', '-c', '20000', '/dev/zero'), once);
    expect(result.outcome).toBe('succeeded');
    expect(result.stdout).toBe(`${'\u0000'.repeat(8_192)}…[11808 more bytes not kept]`);
    expect(result.detail).toHaveLength(2_000);
    expect(result.detail).not.toContain('\u0000');
  });

  it('fails for good when the executable cannot be started', async () => {
    const { executor } = executorWith({
      enabled: true,
      allow: ['/nonexistent/restart-api'],
      retryNonZeroExit: true,
    });
    const result = await executor.execute(command('/nonexistent/restart-api'), {
      timeoutMs: 60_000,
      retries: 3,
    });
    expect(result).toMatchObject({ outcome: 'failed', attempts: 1 });
    expect(result.detail).toMatch(/^could not start \/nonexistent\/restart-api: .*ENOENT/);
  });

  it('keeps one circuit breaker per executable', async () => {
    const { executor } = executorWith(
      { enabled: true, allow: ['/bin/sh', '/bin/echo'] },
      { breaker: { failureThreshold: 2, openMs: 60_000 } },
    );
    const failing = command('/bin/sh', '-c', 'exit 1');
    await executor.execute(failing, once);
    await executor.execute(failing, once);
    expect(await executor.execute(failing, once)).toEqual({
      outcome: 'failed',
      attempts: 1,
      detail: 'circuit open for /bin/sh after repeated failures; not attempted',
    });
    expect(await executor.execute(command('/bin/echo', 'ok'), once)).toMatchObject({ outcome: 'succeeded' });
    expect(executor.breakerStates()).toEqual([
      { destination: '/bin/sh', state: 'open' },
      { destination: '/bin/echo', state: 'closed' },
    ]);
  });
});
