import { type ChildProcessWithoutNullStreams, execFile } from 'node:child_process';
import { connect } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { VIGIA_MAIN as main, spawnVigia } from './support/vigia-process.js';

const execFileAsync = promisify(execFile);
const env = { ...process.env, VIGIA_CONFIG: '', VIGIA_LOG_LEVEL: 'warn' };
const children: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Runs a `vigia` command that is expected to end on its own. */
async function vigia(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, ['--import', 'tsx', main, ...args], {
      env,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('vigia simulate', () => {
  it('prints one address per service, serves and switches faults, and exits 0 on SIGTERM with every port closed', async () => {
    const simulate = spawnVigia(['simulate', '--count', '3'], env);
    children.push(simulate.child);
    const line = /^(svc-\d+) {2}(http:\/\/127\.0\.0\.1:(\d+)) {2}\(chaos: POST (\S+)\)$/gm;
    await simulate.waitForStdout((stdout) => [...stdout.matchAll(line)].length >= 3);
    const { stdout, stderr } = simulate.output();
    const services = [...stdout.matchAll(line)].map((m) => ({
      name: m[1]!,
      url: m[2]!,
      port: Number(m[3]),
      chaosUrl: m[4]!,
    }));
    expect(
      services.map((s) => s.name),
      stdout + stderr,
    ).toEqual(['svc-1', 'svc-2', 'svc-3']);
    const svc = services[1]!;
    expect(svc.chaosUrl).toBe(`${svc.url}/chaos`);

    expect(await (await fetch(`${svc.url}/health`)).json()).toEqual({ status: 'ok', service: 'svc-2' });
    const switched = await fetch(svc.chaosUrl, { method: 'POST', body: '{"failureRate":1}' });
    expect(await switched.json()).toMatchObject({ failureRate: 1 });
    expect((await fetch(`${svc.url}/health`)).status).toBe(500);
    expect((await fetch(`${services[0]!.url}/health`)).status).toBe(200);

    simulate.child.kill('SIGTERM');
    expect(await simulate.exited).toBe(0);
    for (const { port } of services) expect(await accepts(port)).toBe(false);
    expect(simulate.output().stderr).not.toContain('    at ');
  }, 60_000);

  it('exits 2 on bad flags, naming the flag', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--count', '0'], /--count must be from 1 to 1000/],
      [['--count', '2', '--demo'], /--demo and --count/],
      [['--failure-rate', '1.5'], /--failure-rate must be a number from 0 to 1/],
      [['--push-url', 'http://example.com/push'], /--push-url host example\.com is not loopback/],
      [['--fleet', path.join(import.meta.dirname, 'no-such-fleet.yaml')], /--fleet: cannot read/],
    ];
    const results = await Promise.all(cases.map(([args]) => vigia('simulate', ...args)));
    results.forEach((result, index) => {
      const [args, message] = cases[index]!;
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr).not.toContain('    at ');
    });
  }, 60_000);
});
