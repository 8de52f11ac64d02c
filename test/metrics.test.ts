import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventStore, PostgresEventStore, SqliteEventStore } from '../src/events/index.js';
import { silentLogger, systemClock } from '../src/kernel/index.js';
import {
  closeHttpCheckAgent,
  MetricEvents,
  MetricsService,
  MonitorService,
  parseLabelMatchers,
  type SimulatedService,
  startSimulatedService,
} from '../src/monitor/index.js';
import { createVigiaServer } from '../src/server/index.js';
import { bearerPerRole } from './support/auth.js';
import { dropSchema, postgresUrlOrSkip, uniqueSchema } from './support/postgres.js';

const MAX_SAMPLES_PER_PUSH = 50;

let dir: string;
let store: SqliteEventStore;
let metrics: MetricsService;
let monitoring: MonitorService;
let app: FastifyInstance;
let address: string;
let target: SimulatedService;
let pusher: SimulatedService | undefined;
let bearer: Record<'viewer' | 'operator' | 'admin', string>;
/** Makes the metrics service's appends fail (the store itself stays healthy for everything else). */
let failAppends = false;

/** The store as the metrics service sees it: appends fail while `failAppends` is set. */
function flakyAppends(real: EventStore): EventStore {
  return new Proxy(real, {
    get(target, property) {
      if (property === 'appendToStreams') {
        return (...args: Parameters<EventStore['appendToStreams']>) =>
          failAppends ? Promise.reject(new Error('disk full')) : target.appendToStreams(...args);
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function startMetrics(on: EventStore): MetricsService {
  return new MetricsService({ store: on, clock: systemClock, logger: silentLogger(), flushIntervalMs: 20 });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-metrics-'));
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  target = await startSimulatedService({ name: 'checkout', latencyMs: 0, jitterMs: 0, failureRate: 0 });
  metrics = startMetrics(flakyAppends(store));
  monitoring = new MonitorService({
    store,
    clock: systemClock,
    logger: silentLogger(),
    flushIntervalMs: 20,
    onSamples: (samples, monitorId) => metrics.recordScrape(samples, monitorId),
  });
  const server = await createVigiaServer({
    store,
    logger: silentLogger(),
    version: 'test',
    monitoring,
    metricsService: { service: metrics, maxSamplesPerPush: MAX_SAMPLES_PER_PUSH },
    consumers: [monitoring, metrics],
  });
  app = server.app;
  bearer = await bearerPerRole(server.auth.tokens, 'metrics');
  await metrics.start();
  await monitoring.start();
  address = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await pusher?.stop();
  await monitoring?.stop();
  await metrics?.stop();
  await app?.close();
  await target?.stop();
  await closeHttpCheckAgent();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const push = (payload: unknown, role: keyof typeof bearer | 'anonymous' = 'operator') =>
  app.inject({
    method: 'POST',
    url: '/api/metrics',
    headers: role === 'anonymous' ? {} : { authorization: bearer[role] },
    payload: payload as Record<string, unknown>,
  });

const get = (url: string, role: keyof typeof bearer = 'viewer') =>
  app.inject({ method: 'GET', url, headers: { authorization: bearer[role] } });

describe('pushed metrics', () => {
  it('keeps the good samples of a push, lists the rejected ones with reasons, and serves the kept ones', async () => {
    const now = new Date().toISOString();
    const response = await push({
      samples: [
        { name: 'cpu_percent', value: 42, labels: { service: 'cart', host: 'a' }, timestamp: now },
        { name: 'cpu_percent', value: 140, labels: { service: 'cart' } },
        { name: 'queue depth', value: 3 },
        { name: 'cpu_percent', value: 44, labels: { service: 'cart', host: 'a' } },
        { name: 'orders_per_minute', value: 7, lables: { service: 'cart' } },
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2, 4]);
    expect(body.rejected[0].reason).toMatch(/samples\[1\]\.value: cpu_percent must be between 0 and 100/);
    expect(body.rejected[1].reason).toMatch(/samples\[2\]\.name/);
    expect(body.rejected[2].reason).toMatch(/samples\[4\]\.lables: unknown field/);

    // The push answered after the samples were durable: they are in the log already, in the pusher's stream.
    const pushed: string[] = [];
    for await (const event of store.readAll()) {
      if (event.type === MetricEvents.samplesRecorded) pushed.push(event.streamId);
    }
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatch(/^metrics-push-/);
    expect(pushed[0]).not.toBe('metrics-push-anonymous');

    await metrics.settle();
    const series = await get('/api/metrics/series?name=cpu_percent&label=service=cart');
    expect(series.statusCode, series.body).toBe(200);
    expect(series.json()).toMatchObject({
      items: [
        {
          key: 'cpu_percent{host="a",service="cart"}',
          name: 'cpu_percent',
          labels: { host: 'a', service: 'cart' },
        },
      ],
      next: null,
    });
    const points = await get(
      '/api/metrics/query?name=cpu_percent&label=service=cart&label=host=a&aggregate=max',
    );
    expect(points.statusCode, points.body).toBe(200);
    const [only] = points.json().series;
    const total = only.points.reduce((sum: number, p: { count: number }) => sum + p.count, 0);
    expect(total).toBe(2);
    expect(Math.max(...only.points.map((p: { value: number }) => p.value))).toBe(44);
  });

  it('answers 400 with every rejection when no sample could be kept, and 413 above the per-push limit', async () => {
    const none = await push({ samples: [{ name: 'cpu_percent', value: -1 }, { value: 1 }] });
    expect(none.statusCode).toBe(400);
    expect(none.headers['content-type']).toContain('application/problem+json');
    expect(none.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      rejected: [{ index: 0 }, { index: 1 }],
      errors: [{ field: 'body.samples[0]' }, { field: 'body.samples[1]' }],
    });
    expect(none.json().rejected[1].reason).toMatch(/samples\[1\]\.name: must be a string/);

    const notSamples = await push({ metrics: [] });
    expect(notSamples.statusCode).toBe(400);
    expect(notSamples.json().detail).toMatch(/body\.metrics: unknown field/);

    const tooMany = await push({
      samples: Array.from({ length: MAX_SAMPLES_PER_PUSH + 1 }, (_, i) => ({ name: 'x', value: i })),
    });
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json()).toMatchObject({ code: 'TOO_MANY_SAMPLES' });
    expect(tooMany.json().detail).toMatch(/at most 50 samples per request, got 51/);
  });

  it('lets operators push and viewers read, but not viewers push or anyone anonymous', async () => {
    expect((await push({ samples: [{ name: 'x', value: 1 }] }, 'viewer')).statusCode).toBe(403);
    expect((await push({ samples: [{ name: 'x', value: 1 }] }, 'anonymous')).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/metrics/series' })).statusCode).toBe(401);
    expect((await get('/api/metrics/series')).statusCode).toBe(200);
  });

  it('answers 503 when the samples cannot be stored, and stores the next push', async () => {
    failAppends = true;
    try {
      const refused = await push({ samples: [{ name: 'flaky_metric', value: 1 }] });
      expect(refused.statusCode).toBe(503);
      expect(refused.json()).toMatchObject({ code: 'UNAVAILABLE' });
      expect(refused.headers['retry-after']).toBe('1');
    } finally {
      failAppends = false;
    }
    expect((await push({ samples: [{ name: 'flaky_metric', value: 2 }] })).statusCode).toBe(200);
    await metrics.settle();
    const points = (await get('/api/metrics/query?name=flaky_metric&aggregate=sum')).json();
    expect(points.series[0].points.map((p: { value: number }) => p.value)).toEqual([2]);
  });

  it('receives what a simulated service pushes to POST /api/metrics', async () => {
    pusher = await startSimulatedService({
      name: 'pusher',
      pushUrl: `${address}/api/metrics`,
      pushToken: bearer.operator.replace(/^Bearer /, ''),
      pushIntervalMs: 60_000,
    });
    const found = await until('the pushed series', async () => {
      await metrics.settle();
      const items = (await get('/api/metrics/series?label=service=pusher')).json().items;
      return items.length === 2 ? items : undefined;
    });
    expect(found.map((s: { name: string }) => s.name)).toEqual(['cpu_percent', 'memory_percent']);
  });
});

describe('prometheus scrape monitors', () => {
  it('scrape a target into series labelled with the monitor and service', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/monitors',
      headers: { authorization: bearer.operator },
      payload: {
        name: 'checkout-scrape',
        kind: 'prometheus',
        service: 'shop',
        url: `${target.url}/metrics`,
        intervalSeconds: 3600,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    await until('the monitor', async () => monitoring.definition(id));
    const checked = await app.inject({
      method: 'POST',
      url: `/api/monitors/${id}/check`,
      headers: { authorization: bearer.operator },
    });
    expect(checked.statusCode).toBe(202);
    const items = await until('scraped series', async () => {
      await metrics.settle();
      const listed = (await get('/api/metrics/series?label=monitor=checkout-scrape')).json().items;
      return listed.length >= 3 ? listed : undefined;
    });
    expect(items.map((s: { name: string }) => s.name)).toEqual(
      expect.arrayContaining(['cpu_percent', 'memory_percent', 'requests_total']),
    );
    // The target's own service label is kept; the monitor label is added.
    expect(items[0].labels).toEqual({ monitor: 'checkout-scrape', service: 'checkout' });
    const status = await until('the monitor status', async () => {
      await monitoring.settle();
      const response = await get(`/api/monitors/${id}/status`);
      return response.statusCode === 200 ? (response.json() as { lastMessage: string }) : undefined;
    });
    expect(status).toMatchObject({ status: 'up', kind: 'prometheus' });
    expect(status.lastMessage).toMatch(/^scraped \d+ samples$/);
    // The check result events do not carry the samples.
    const results = await store.readStream(`monitor-results-${id}`);
    expect(results.every((e) => !('samples' in (e.data as object)))).toBe(true);
  });

  it('refuses a prometheus monitor without url or with fields of other kinds, naming them', async () => {
    const create = (payload: Record<string, unknown>) =>
      app.inject({
        method: 'POST',
        url: '/api/monitors',
        headers: { authorization: bearer.operator },
        payload: { name: 'bad-scrape', kind: 'prometheus', service: 'shop', ...payload },
      });
    const wrongFields = await create({ port: 9100 });
    expect(wrongFields.statusCode).toBe(400);
    expect(wrongFields.json().errors).toEqual(
      expect.arrayContaining([
        { field: 'body.port', message: 'is a field of tcp monitors, not prometheus' },
        { field: 'body.url', message: 'is required for a prometheus monitor' },
      ]),
    );
    const badUrl = await create({ url: 'file:///etc/passwd' });
    expect(badUrl.json().errors).toEqual([
      { field: 'body.url', message: 'must be an http:// or https:// URL, got "file:///etc/passwd"' },
    ]);
    const zero = await create({ url: 'http://127.0.0.1:9/metrics', maxSamples: 0 });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.maxSamples']);
  });
});

describe('metric query parameters', () => {
  it('answer 400 naming the parameter at fault', async () => {
    const cases: Array<[string, string]> = [
      ['/api/metrics/query', 'querystring.name'],
      ['/api/metrics/query?name=cpu_percent&stepMinutes=0', 'querystring.stepMinutes'],
      ['/api/metrics/query?name=cpu_percent&aggregate=median', 'querystring.aggregate'],
      ['/api/metrics/query?name=cpu_percent&from=yesterday', 'querystring.from'],
      ['/api/metrics/query?name=cpu_percent&label=service', 'querystring.label'],
      ['/api/metrics/query?name=9bad', 'querystring.name'],
      [
        '/api/metrics/query?name=cpu_percent&from=2026-11-22T10:00:00Z&to=2026-11-22T09:00:00Z',
        'querystring.from',
      ],
      ['/api/metrics/query?name=cpu_percent&from=2020-01-01T00:00:00Z', 'querystring.stepMinutes'],
      ['/api/metrics/series?after=not-a-cursor!', 'querystring.after'],
      ['/api/metrics/series?limit=5000', 'querystring.limit'],
      ['/api/metrics/series?label=__name__=x', 'querystring.label'],
      ['/api/metrics/series?surprise=1', 'querystring.surprise'],
    ];
    for (const [url, field] of cases) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type'], url).toContain('application/problem+json');
      expect(
        response.json().errors.map((e: { field: string }) => e.field),
        url,
      ).toContain(field);
    }
  });
});

describe('restart', () => {
  it('a new metrics service on the same store resumes from its checkpoint: data kept, nothing counted twice', async () => {
    const before = (
      await get('/api/metrics/query?name=cpu_percent&label=service=cart&aggregate=count')
    ).json();
    const countBefore = before.series[0].points.reduce(
      (sum: number, p: { value: number }) => sum + p.value,
      0,
    );
    expect(countBefore).toBe(2);

    // Vigia stops (writing what is queued), then starts again on the same store.
    await metrics.stop();
    const again = startMetrics(store);
    await again.start();
    try {
      await again.settle();
      await again.record(
        [{ name: 'cpu_percent', value: 50, labels: { service: 'cart', host: 'a' }, timestamp: Date.now() }],
        {
          type: 'push',
        },
      );
      await again.settle();
      const { series } = await again.queries.points({
        name: 'cpu_percent',
        matchers: parseLabelMatchers(['service=cart']),
        from: Date.now() - 3_600_000,
        to: Date.now() + 60_000,
        stepMinutes: 120,
        aggregate: 'count',
      });
      expect(series.map((s) => s.points.reduce((sum, p) => sum + p.value, 0))).toEqual([3]);
    } finally {
      await again.stop();
    }
  });
});

const postgresUrl = postgresUrlOrSkip();

describe.skipIf(postgresUrl === null)('metric read models on PostgreSQL', () => {
  it('merge batches, answer steps, aggregates and matchers, and apply retention', async () => {
    const schema = uniqueSchema('metrics');
    const pgStore = await PostgresEventStore.open({ connectionString: postgresUrl!, schema, poolSize: 4 });
    const service = startMetrics(pgStore);
    try {
      await service.start();
      const t0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
      const minute = 60_000;
      await service.record(
        [
          { name: 'cpu_percent', value: 10, labels: { service: 'a' }, timestamp: t0 },
          { name: 'cpu_percent', value: 20, labels: { service: 'a' }, timestamp: t0 + 30_000 },
          { name: 'cpu_percent', value: 70, labels: { service: 'b' }, timestamp: t0 },
        ],
        { type: 'push', actorId: 'pg' },
      );
      await service.settle();
      await service.record(
        [
          { name: 'cpu_percent', value: 5, labels: { service: 'a' }, timestamp: t0 + 10_000 },
          { name: 'cpu_percent', value: 40, labels: { service: 'a' }, timestamp: t0 + 3 * minute },
        ],
        { type: 'scrape', monitorId: 'pg-monitor' },
      );
      await service.settle();
      const query = (aggregate: 'mean' | 'last' | 'sum', matchers = ['service=a']) =>
        service.queries.points({
          name: 'cpu_percent',
          matchers: parseLabelMatchers(matchers),
          from: t0,
          to: t0 + 10 * minute,
          stepMinutes: 5,
          aggregate,
        });
      const last = await query('last');
      expect(last.series[0]!.points).toEqual([
        { t: new Date(t0).toISOString(), value: 40, count: 4, min: 5, max: 40 },
      ]);
      expect((await query('sum')).series[0]!.points[0]!.value).toBe(75);
      expect((await query('mean', [])).series.map((s) => s.labels.service)).toEqual(['a', 'b']);
      const listed = await service.queries.listSeries({ name: 'cpu_percent', limit: 1 });
      expect(listed.items[0]).toMatchObject({ key: 'cpu_percent{service="a"}', lastValue: 40 });
      const next = await service.queries.listSeries({ name: 'cpu_percent', after: listed.next!, limit: 1 });
      expect(next).toMatchObject({ items: [{ key: 'cpu_percent{service="b"}' }], next: null });
      expect(await service.applyRetention()).toEqual({ minutes: 0, series: 0 });
    } finally {
      await service.stop();
      await pgStore.close();
      await dropSchema(postgresUrl!, schema);
    }
  });
});
