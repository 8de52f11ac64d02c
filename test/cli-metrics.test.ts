import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../src/events/index.js';
import { silentLogger, systemClock } from '../src/kernel/index.js';
import { MetricsService } from '../src/monitor/index.js';
import { createVigiaServer } from '../src/server/index.js';
import { bearerPerRole, TEST_AUTH_SETTINGS } from './support/auth.js';
import { runVigia } from './support/run-cli.js';

let dir: string;
let store: SqliteEventStore;
let metrics: MetricsService;
let app: FastifyInstance;
let url: string;
let tokens: Record<'viewer' | 'operator' | 'admin', string>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-cli-metrics-'));
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  metrics = new MetricsService({ store, clock: systemClock, logger: silentLogger(), flushIntervalMs: 20 });
  await metrics.start();
  const server = await createVigiaServer({
    store,
    logger: silentLogger(),
    version: 'test',
    authSettings: TEST_AUTH_SETTINGS,
    metricsService: { service: metrics },
  });
  app = server.app;
  const bearer = await bearerPerRole(server.auth.tokens, 'cli-metrics');
  tokens = {
    viewer: bearer.viewer.replace(/^Bearer /, ''),
    operator: bearer.operator.replace(/^Bearer /, ''),
    admin: bearer.admin.replace(/^Bearer /, ''),
  };
  url = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await metrics?.stop();
  await app?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function vigia(args: string[], role: keyof typeof tokens = 'operator') {
  return runVigia(args, { VIGIA_URL: url, VIGIA_TOKEN: tokens[role], VIGIA_CONFIG: '' });
}

/** A minute a few minutes ago (inside the push window), and a time 10 s into it. */
const minute = new Date(Math.floor((Date.now() - 5 * 60_000) / 60_000) * 60_000);
const inMinute = (seconds: number) => new Date(minute.getTime() + seconds * 1000).toISOString();

describe('vigia metrics', () => {
  it('pushes samples from arguments and files, reporting every rejected sample and exiting 2', async () => {
    const one = await vigia([
      'metrics',
      'push',
      'queue_depth',
      '42.5',
      '--label',
      'queue=orders',
      '--timestamp',
      inMinute(10),
    ]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toBe('Accepted 1 sample(s).\n');

    const asJson = await vigia([
      '--json',
      'metrics',
      'push',
      'queue_depth',
      '57.5',
      '--label',
      'queue=orders',
      '--timestamp',
      inMinute(20),
    ]);
    expect(asJson.code, asJson.stderr).toBe(0);
    expect(JSON.parse(asJson.stdout)).toEqual({ accepted: 1, rejected: [] });

    const file = path.join(dir, 'samples.json');
    writeFileSync(
      file,
      JSON.stringify({
        samples: [
          { name: 'queue_depth', value: 3, labels: { queue: 'mail' }, timestamp: inMinute(30) },
          { name: 'bad name', value: 1 },
          { name: 'queue_depth', value: 'many' },
        ],
      }),
    );
    const partly = await vigia(['metrics', 'push', '--file', file]);
    expect(partly.code).toBe(2);
    expect(partly.stdout).toMatch(
      /^Accepted 1 sample\(s\)\.\nRejected samples\[1\]\.name: .*\nRejected samples\[2\]\.value: .*\n$/,
    );
    expect(partly.stderr).toMatch(
      /^vigia: 2 of 3 sample\(s\) rejected: samples\[1\]\.name: .*; samples\[2\]\.value: .*\n$/,
    );

    const none = path.join(dir, 'none.json');
    writeFileSync(none, JSON.stringify([{ name: '1bad', value: 1 }]));
    const refused = await vigia(['metrics', 'push', '--file', none]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^vigia: none of the 1 sample\(s\) was kept: samples\[0\]\.name: .*\n$/);
    const refusedJson = await vigia(['--json', 'metrics', 'push', '--file', none]);
    expect(JSON.parse(refusedJson.stderr).error.details.rejected).toEqual([
      expect.objectContaining({ index: 0 }),
    ]);

    const many = path.join(dir, 'many.json');
    writeFileSync(many, JSON.stringify({ samples: Array.from({ length: 12 }, () => ({ name: 'x' })) }));
    const manyRefused = await vigia(['metrics', 'push', '--file', many]);
    expect(manyRefused.stderr).toMatch(/samples\[9\]\.value: [^;]*; … and 2 more\n$/);

    const cases: Array<[string[], RegExp]> = [
      [['metrics', 'push', 'queue_depth', 'lots'], /<value> must be a finite number/],
      [['metrics', 'push', 'queue_depth'], /Give <name> <value>/],
      [['metrics', 'push', 'x', '1', '--label', 'noequals'], /--label must look like key=value/],
      [['metrics', 'push', 'x', '1', '--timestamp', 'yesterday'], /--timestamp must be an ISO-8601 time/],
      [['metrics', 'push', 'x', '1', '--file', file], /Use either --file or <name> <value>/],
    ];
    for (const [args, message] of cases) {
      const run = await vigia(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }

    const viewer = await vigia(['metrics', 'push', 'queue_depth', '1'], 'viewer');
    expect(viewer.code).toBe(5);
    expect(viewer.stderr).toMatch(/This needs the operator role/);
  });

  it('queries points per series as a table or JSON, with label filters and aggregates', async () => {
    await metrics.settle();
    const all = await vigia(['--json', 'metrics', 'query', 'queue_depth'], 'viewer');
    expect(all.code, all.stderr).toBe(0);
    const series = JSON.parse(all.stdout).series;
    expect(series.map((s: { labels: Record<string, string> }) => s.labels.queue).sort()).toEqual([
      'mail',
      'orders',
    ]);

    const orders = await vigia(
      ['metrics', 'query', 'queue_depth', '--label', 'queue=orders', '--from', '-30m'],
      'viewer',
    );
    expect(orders.code, orders.stderr).toBe(0);
    const lines = orders.stdout.trimEnd().split('\n');
    expect(lines[0]).toContain('queue_depth');
    expect(lines[0]).toContain('orders');
    expect(lines[1]).toMatch(/^ {2}TIME\s+MEAN\s+COUNT\s+MIN\s+MAX$/);
    expect(lines.slice(2).map((line) => line.trim().split(/\s+/))).toEqual([
      [minute.toISOString(), '50', '2', '42.5', '57.5'],
    ]);

    const max = JSON.parse(
      (
        await vigia(
          ['--json', 'metrics', 'query', 'queue_depth', '--label', 'queue=orders', '--aggregate', 'max'],
          'viewer',
        )
      ).stdout,
    );
    expect(max.series[0].points).toEqual([expect.objectContaining({ t: minute.toISOString(), value: 57.5 })]);

    const nothing = await vigia(['metrics', 'query', 'no_such_metric'], 'viewer');
    expect(nothing.code, nothing.stderr).toBe(0);
    expect(nothing.stdout).toBe('No samples of no_such_metric in that time range.\n');

    const badAggregate = await vigia(['metrics', 'query', 'queue_depth', '--aggregate', 'median'], 'viewer');
    expect(badAggregate.code).toBe(2);
    expect(badAggregate.stderr).toContain(
      '--aggregate must be one of mean, min, max, sum, count, last, got "median"',
    );
    const badStep = await vigia(['metrics', 'query', 'queue_depth', '--step', 'x'], 'viewer');
    expect(badStep.code).toBe(2);
    expect(badStep.stderr).toContain('--step must be a whole number');
    const badFrom = await vigia(['metrics', 'query', 'queue_depth', '--from', 'last week'], 'viewer');
    expect(badFrom.stderr).toContain('--from must be an ISO-8601 time');
  });
});
