import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };

const { version } = packageJson;

const execFileAsync = promisify(execFile);
const main = path.join(import.meta.dirname, '..', 'src', 'cli', 'main.ts');
const dataDir = mkdtempSync(path.join(tmpdir(), 'vigia-cli-'));

async function vigia(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, ['--import', 'tsx', main, ...args], {
      env: { ...process.env, VIGIA_DATA_DIR: dataDir, VIGIA_CONFIG: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('vigia CLI', () => {
  it('prints its version and help for every command', async () => {
    expect((await vigia('--version')).stdout.trim()).toBe(version);
    for (const command of [
      [],
      ['up'],
      ['events'],
      ['events', 'append'],
      ['events', 'read'],
      ['events', 'tail'],
      ['events', 'stats'],
    ]) {
      const result = await vigia(...command, '--help');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Usage: vigia');
    }
  });

  it('appends, reads and counts events, as text and as JSON', async () => {
    const appended = await vigia(
      '--json',
      'events',
      'append',
      'order-1',
      '-t',
      'order.placed',
      '-d',
      '{"total":5}',
    );
    expect(appended.code).toBe(0);
    expect(JSON.parse(appended.stdout)).toMatchObject({
      streamId: 'order-1',
      nextExpectedVersion: 1,
      duplicate: false,
    });

    const file = path.join(dataDir, 'events.json');
    writeFileSync(
      file,
      JSON.stringify([
        { type: 'order.paid', data: { amount: 5 } },
        { type: 'order.shipped', data: {} },
      ]),
    );
    expect((await vigia('events', 'append', 'order-1', '--file', file, '-e', '1')).stdout).toContain(
      'order-1@3',
    );

    const read = await vigia('--json', 'events', 'read', '--type', 'order.p');
    const lines = read.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((e) => e.type)).toEqual(['order.placed', 'order.paid']);

    const text = await vigia('events', 'read', '--stream', 'order-1', '--backward', '-n', '1');
    expect(text.stdout).toMatch(/^#3 .* order-1@3 {2}order\.shipped/);

    const stats = JSON.parse((await vigia('--json', 'events', 'stats')).stdout);
    expect(stats).toMatchObject({ backend: 'sqlite', events: 3, streams: 1 });
  });

  it('exits 3 on a version conflict and 2 on bad input, with one clear line and no stack trace', async () => {
    const conflict = await vigia('events', 'append', 'order-9', '-t', 'x.y', '-e', 'exists');
    expect(conflict.code).toBe(3);
    expect(conflict.stderr).toMatch(/^vigia: Stream "order-9" expected an existing stream/);
    expect(conflict.stderr).not.toContain('    at ');

    for (const args of [
      ['events', 'append', 's', '-t', 'x.y', '-d', '{not json'],
      ['events', 'append', 's', '-t', 'has space'],
      ['events', 'append', 's', '-t', 'x.y', '-e', 'sometimes'],
      ['events', 'read', '--since', 'yesterday'],
      ['events', 'read', '-n', '-5'],
      ['events', 'nonsense'],
    ]) {
      const result = await vigia(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).not.toContain('    at ');
    }
    const jsonError = await vigia('--json', 'events', 'append', 's', '-t', 'has space');
    expect(jsonError.code).toBe(2);
    expect(JSON.parse(jsonError.stderr)).toMatchObject({ error: { code: 'INVALID_EVENT' } });
    const stats = JSON.parse((await vigia('--json', 'events', 'stats')).stdout);
    expect(stats.events).toBe(3);
  });

  it('rejects an invalid configuration naming the key', async () => {
    const file = path.join(dataDir, 'bad.yaml');
    writeFileSync(file, 'events:\n  backend: cassandra\n');
    const result = await vigia('--config', file, 'events', 'stats');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('events.backend');
  });

  it('tail prints events appended by another process', async () => {
    const tail = spawn(
      process.execPath,
      ['--import', 'tsx', main, '--json', 'events', 'tail', '--type', 'live.'],
      {
        env: { ...process.env, VIGIA_DATA_DIR: dataDir, VIGIA_CONFIG: '' },
      },
    );
    let output = '';
    tail.stdout.on('data', (chunk) => {
      output += chunk;
    });
    await new Promise((r) => setTimeout(r, 1500));
    await vigia('events', 'append', 'live-1', '-t', 'live.beat', '-d', '{"n":1}');
    for (let i = 0; i < 100 && !output.includes('live.beat'); i++)
      await new Promise((r) => setTimeout(r, 50));
    tail.kill('SIGINT');
    const code = await new Promise((resolve) => tail.on('exit', resolve));
    expect(JSON.parse(output.trim().split('\n')[0]!)).toMatchObject({
      streamId: 'live-1',
      type: 'live.beat',
      data: { n: 1 },
    });
    expect(code).toBe(0);
  });
});
