import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AlertService,
  type AlertSettings,
  type AlertView,
  verifyWebhookSignature,
} from '../src/alerts/index.js';
import { SqliteEventStore } from '../src/events/index.js';
import { silentLogger, systemClock } from '../src/kernel/index.js';
import { MetricsService } from '../src/monitor/index.js';
import { createVigiaServer } from '../src/server/index.js';
import { headersPerRole } from './support/auth.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

const SECRET = 'alert-test-secret';
const SETTINGS: AlertSettings = {
  root: {
    receivers: [],
    groupBy: ['alertname', 'service'],
    groupWaitMs: 0,
    groupIntervalMs: 1000,
    repeatIntervalMs: 3_600_000,
  },
  notifyRecovered: true,
  inhibitByDependency: true,
  delivery: { maxAttempts: 3, backoff: { baseMs: 20, maxMs: 50 } },
};

let dir: string;
let store: SqliteEventStore;
let metrics: MetricsService;
let alerting: AlertService;
let app: FastifyInstance;
let as: Awaited<ReturnType<typeof headersPerRole>>;
let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;

async function startAlerting(): Promise<AlertService> {
  const service = new AlertService({
    store,
    settings: SETTINGS,
    logger: silentLogger(),
    snapshotIntervalMs: 200,
  });
  await service.start();
  return service;
}

beforeAll(async () => {
  process.env.VIGIA_TEST_WEBHOOK_SECRET = SECRET;
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-alerts-'));
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  metrics = new MetricsService({ store, clock: systemClock, logger: silentLogger(), flushIntervalMs: 10 });
  alerting = await startAlerting();
  const server = await createVigiaServer({
    store,
    logger: silentLogger(),
    version: 'test',
    metricsService: { service: metrics },
    alerting,
  });
  app = server.app;
  await metrics.start();
  as = await headersPerRole(server.auth.tokens, 'alerts');
  hook = await startWebhookReceiver();
  const receiver = await create('alert-receivers', {
    name: 'ops-hook',
    kind: 'webhook',
    url: hook.url,
    secret: { env: 'VIGIA_TEST_WEBHOOK_SECRET' },
  });
  expect(receiver.statusCode, receiver.body).toBe(201);
  expect(
    (await create('alert-routes', { name: 'everything', receivers: ['ops-hook'], groupWait: '0s' }))
      .statusCode,
  ).toBe(201);
});

afterAll(async () => {
  await alerting.stop();
  await metrics.stop();
  await app.close();
  await hook.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  hook.received.length = 0;
});

function create(kind: string, doc: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: `/api/${kind}`, headers: as.admin, payload: doc });
}

async function push(name: string, value: number, labels: Record<string, string>) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/metrics',
    headers: as.operator,
    payload: { samples: [{ name, value, labels }] },
  });
  expect(response.statusCode).toBe(200);
}

async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${ms} ms; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function alertsOf(rule: string, state = 'all') {
  const response = await app.inject({ url: `/api/alerts?state=${state}&rule=${rule}`, headers: as.viewer });
  return response.json().alerts as AlertView[];
}

describe('alert lifecycle through the API', () => {
  it('fires, notifies a signed webhook, resolves, and keeps the whole timeline', async () => {
    const rule = await create('alert-rules', {
      name: 'api-cpu',
      severity: 'critical',
      condition: {
        kind: 'threshold',
        series: 'cpu_percent',
        matchers: ['service="api"'],
        op: '>',
        threshold: 90,
      },
      annotations: { summary: 'CPU {{ $value }}% on {{ $labels.service }}' },
    });
    expect(rule.statusCode).toBe(201);
    await push('cpu_percent', 97, { service: 'api' });
    const [firing] = await until(
      () => alertsOf('api-cpu', 'firing'),
      (a) => a.length === 1,
    );
    expect(firing!.annotations.summary).toBe('CPU 97% on api');
    const sent = await until(
      () => hook.received,
      (r) => r.length >= 1,
    );
    const { body, raw, headers } = sent[0]!;
    expect(body.status).toBe('firing');
    expect(headers['idempotency-key']).toBe(body.idempotencyKey);
    const ok = verifyWebhookSignature(
      SECRET,
      String(headers['x-vigia-timestamp']),
      raw,
      String(headers['x-vigia-signature']),
      Date.now(),
    );
    expect(ok).toBe(true);
    expect(
      verifyWebhookSignature(
        'wrong',
        String(headers['x-vigia-timestamp']),
        raw,
        String(headers['x-vigia-signature']),
        Date.now(),
      ),
    ).toBe(false);

    await push('cpu_percent', 40, { service: 'api' });
    await until(
      () => hook.received,
      (r) => r.some((w) => w.body.status === 'resolved'),
    );
    const resolved = hook.received.find((w) => w.body.status === 'resolved')!;
    expect((resolved.body.alerts as Array<{ severity: string }>)[0]!.severity).toBe('info');

    const detail = await until(
      async () => (await app.inject({ url: `/api/alerts/${firing!.alertId}`, headers: as.viewer })).json(),
      (d) =>
        d.timeline.filter((t: { type: string }) => t.type === 'alerts.notification_delivered').length === 2,
    );
    expect(detail.state).toBe('resolved');
    const types = detail.timeline.map((t: { type: string }) => t.type);
    expect(types.slice(0, 2)).toEqual(['alerts.alert_pending', 'alerts.alert_fired']);
    expect(types).toContain('alerts.notification_requested');
    expect(types).toContain('alerts.alert_resolved');
  });

  it('acknowledges once, refuses a second acknowledgement and unknown alerts', async () => {
    await create('alert-rules', {
      name: 'db-memory',
      severity: 'warning',
      condition: { kind: 'threshold', series: 'memory_percent', op: '>=', threshold: 80 },
    });
    await push('memory_percent', 85, { service: 'db' });
    const [alert] = await until(
      () => alertsOf('db-memory', 'firing'),
      (a) => a.length === 1,
    );
    const ack = await app.inject({
      method: 'POST',
      url: `/api/alerts/${alert!.alertId}/ack`,
      headers: as.operator,
      payload: { comment: 'looking' },
    });
    expect(ack.statusCode).toBe(200);
    expect(ack.json().acknowledged.by).toMatch(/^token:/);
    const again = await app.inject({
      method: 'POST',
      url: `/api/alerts/${alert!.alertId}/ack`,
      headers: as.operator,
    });
    expect(again.statusCode, again.body).toBe(409);
    const viewer = await app.inject({
      method: 'POST',
      url: `/api/alerts/${alert!.alertId}/unack`,
      headers: as.viewer,
    });
    expect(viewer.statusCode).toBe(403);
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/alerts/0190aaaa-0000-7000-8000-000000000000/ack',
      headers: as.operator,
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('holds back notifications of a silenced alert and records the silence on it', async () => {
    const silence = await create('silences', {
      matchers: ['service="cache"'],
      duration: '1h',
      comment: 'maintenance',
    });
    expect(silence.statusCode).toBe(201);
    expect(silence.json().createdBy).toMatch(/^token:/);
    await create('alert-rules', {
      name: 'cache-errors',
      severity: 'error',
      condition: { kind: 'threshold', series: 'error_rate', op: '>', threshold: 0.5 },
    });
    await push('error_rate', 0.9, { service: 'cache' });
    const [alert] = await until(
      () => alertsOf('cache-errors', 'firing'),
      (a) => a.length === 1 && a[0]!.silencedBy.length === 1,
    );
    expect(alert!.silencedBy).toEqual([silence.json().id]);
    await new Promise((r) => setTimeout(r, 300));
    expect(hook.received.filter((w) => JSON.stringify(w.body).includes('cache-errors'))).toEqual([]);
    const expire = await app.inject({
      method: 'POST',
      url: `/api/silences/${silence.json().id}/expire`,
      headers: as.operator,
    });
    expect(expire.statusCode).toBe(200);
    await until(
      () => hook.received,
      (r) => r.some((w) => JSON.stringify(w.body).includes('cache-errors')),
    );
  });

  it('refuses bad definitions, naming the field', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [
        'alert-rules',
        { name: 'x', severity: 'critical', for: '5 minutes', condition: { kind: 'monitor_down' } },
        'body.for',
      ],
      [
        'alert-rules',
        {
          name: 'y',
          severity: 'warning',
          condition: { kind: 'threshold', series: 'no_such_series', op: '>', threshold: 1 },
        },
        'body.condition.series',
      ],
      [
        'alert-rules',
        {
          name: 'z',
          severity: 'warning',
          condition: { kind: 'monitor_down' },
          annotations: { summary: '{{ $value' },
        },
        'body.annotations.summary',
      ],
      ['silences', { matchers: ['service=~".*"'], duration: '1h', comment: 'all' }, 'body.matchers'],
      ['alert-routes', { name: 'r', receivers: ['nobody'] }, 'body.receivers[0]'],
      [
        'alert-receivers',
        { name: 'inline', kind: 'slack', url: 'https://hooks.slack.com/services/T/B/secret' },
        'body.url',
      ],
    ];
    for (const [kind, doc, field] of cases) {
      const response = await create(kind, doc);
      expect(response.statusCode, `${kind} ${JSON.stringify(doc)}`).toBe(400);
      const fields = (response.json().errors as Array<{ field: string }>).map((e) => e.field);
      expect(fields, `${kind}: ${response.body}`).toContain(field);
      expect(response.body).not.toContain('secret"');
    }
  });

  it('resumes a pending alert after a restart with its original timer', async () => {
    await create('alert-rules', {
      name: 'slow-latency',
      severity: 'warning',
      for: '3s',
      condition: { kind: 'threshold', series: 'response_time_ms', op: '>', threshold: 500 },
    });
    await push('response_time_ms', 900, { service: 'web' });
    const [pending] = await until(
      () => alertsOf('slow-latency', 'pending'),
      (a) => a.length === 1,
    );
    await new Promise((r) => setTimeout(r, 1500));
    await alerting.stop();
    const restartedAt = Date.now();
    alerting = await startAlerting();
    const [fired] = await until(
      () => alertsOf('slow-latency', 'firing'),
      (a) => a.length === 1,
      8000,
    );
    expect(fired!.alertId).toBe(pending!.alertId);
    const activeSince = Date.parse(pending!.activeSince);
    const firedAt = Date.parse(String(fired!.firedAt));
    // `for` counts from when the condition started, not from the restart.
    expect(firedAt).toBeGreaterThanOrEqual(activeSince + 3000);
    expect(firedAt).toBeLessThan(restartedAt + 3000);
  });

  it('after a restart sends no notification twice and misses no resolve', async () => {
    // A custom series is known once it has samples.
    await push('queue_depth', 1, { service: 'worker' });
    await metrics.settle();
    const rule = await create('alert-rules', {
      name: 'queue-depth',
      severity: 'warning',
      condition: { kind: 'threshold', series: 'queue_depth', op: '>', threshold: 100 },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const about = (w: { body: Record<string, unknown> }) => JSON.stringify(w.body).includes('queue-depth');
    await push('queue_depth', 500, { service: 'worker' });
    await until(
      () => hook.received.filter(about),
      (r) => r.length === 1,
    );
    await alerting.stop();
    // The condition clears while alerting is down.
    await push('queue_depth', 3, { service: 'worker' });
    alerting = await startAlerting();
    const sent = await until(
      () => hook.received.filter(about),
      (r) => r.some((w) => w.body.status === 'resolved'),
    );
    await alerting.waitUntilCaughtUp();
    await alerting.deliveriesIdle();
    await new Promise((r) => setTimeout(r, 300));
    const statuses = hook.received.filter(about).map((w) => w.body.status);
    expect(statuses).toEqual(['firing', 'resolved']);
    const keys = sent.map((w) => w.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
