import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AlertService, type AlertSettings, HealingContract } from '../src/alerts/index.js';
import { type RecordedEvent, SnapshotStore, SqliteEventStore } from '../src/events/index.js';
import { HealingEvents, type HealingNotificationData } from '../src/healing/index.js';
import { newId, silentLogger } from '../src/kernel/index.js';
import { createVigiaServer } from '../src/server/index.js';
import { headersPerRole } from './support/auth.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

// Healing hands messages (notify steps, escalations) to alerting as `healing.notification_requested`;
// alerting delivers them through its receivers, once, with the message.

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
let alerting: AlertService;
let app: FastifyInstance;
let ops: Awaited<ReturnType<typeof startWebhookReceiver>>;
let db: Awaited<ReturnType<typeof startWebhookReceiver>>;

async function startAlerting(): Promise<AlertService> {
  const service = new AlertService({
    store,
    settings: SETTINGS,
    logger: silentLogger(),
    snapshotIntervalMs: 100,
  });
  await service.start();
  return service;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-healing-notices-'));
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  alerting = await startAlerting();
  const server = await createVigiaServer({ store, logger: silentLogger(), version: 'test', alerting });
  app = server.app;
  const as = await headersPerRole(server.auth.tokens, 'notices');
  ops = await startWebhookReceiver();
  db = await startWebhookReceiver();
  const create = (kind: string, doc: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: `/api/${kind}`, headers: as.admin, payload: doc });
  for (const [name, url] of [
    ['ops-hook', ops.url],
    ['db-team', db.url],
  ] as const) {
    expect((await create('alert-receivers', { name, kind: 'webhook', url })).statusCode).toBe(201);
  }
  const route = await create('alert-routes', {
    name: 'api-to-ops',
    matchers: ['service="api"'],
    receivers: ['ops-hook'],
    groupWait: '0s',
  });
  expect(route.statusCode, route.body).toBe(201);
});

afterAll(async () => {
  await alerting.stop();
  await app.close();
  await ops.close();
  await db.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  ops.received.length = 0;
  db.received.length = 0;
});

async function requestNotice(notice: HealingNotificationData, correlationId: string): Promise<string> {
  const appended = await store.appendToStream(`remediation-${correlationId}`, [
    { type: HealingEvents.notificationRequested, data: notice, metadata: { correlationId } },
  ]);
  return appended.eventIds[0]!;
}

async function until<T>(read: () => T, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${ms} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('messages from healing', () => {
  it('is the healing module’s own event type', () => {
    expect(HealingContract.notificationRequested).toBe(HealingEvents.notificationRequested);
  });

  it('go where their labels route when no receiver is named (an escalation), with the message', async () => {
    const correlationId = newId();
    await requestNotice(
      {
        labels: { service: 'api', alertname: 'api-down' },
        receivers: [],
        message: 'Vigia could not heal alert api-down on api: budget spent. Over to you.',
        kind: 'escalation',
      },
      correlationId,
    );
    const [sent] = await until(
      () => ops.received,
      (r) => r.length > 0,
    );
    expect(sent?.body).toMatchObject({
      reason: 'remediation',
      message: 'Vigia could not heal alert api-down on api: budget spent. Over to you.',
      groupKey: `remediation:${correlationId}`,
    });
    expect(db.received).toEqual([]);
  });

  it('go to the receivers a notify step names, and nowhere else', async () => {
    await requestNotice(
      {
        labels: { service: 'api' },
        receivers: ['db-team'],
        message: 'restarting db',
        kind: 'step',
        stepIndex: 0,
      },
      newId(),
    );
    await until(
      () => db.received,
      (r) => r.length > 0,
    );
    expect(db.received[0]?.body).toMatchObject({ reason: 'remediation', message: 'restarting db' });
    await alerting.waitUntilCaughtUp();
    await alerting.deliveriesIdle();
    expect(ops.received).toEqual([]);
  });

  it('are delivered once, also across a restart of alerting', async () => {
    const correlationId = newId();
    const eventId = await requestNotice(
      { labels: {}, receivers: ['db-team'], message: 'once only', kind: 'step', stepIndex: 1 },
      correlationId,
    );
    await until(
      () => db.received,
      (r) => r.length > 0,
    );
    await alerting.stop();
    // Without its snapshot the loop replays the whole log: handled notices must be known from the log alone.
    await new SnapshotStore(store).reset('alerts-notification');
    alerting = await startAlerting();
    await alerting.waitUntilCaughtUp();
    await alerting.deliveriesIdle();
    expect(db.received.map((w) => w.body.message)).toEqual(['once only']);
    expect(ops.received).toEqual([]);
    const requested: RecordedEvent[] = [];
    for await (const event of store.readAll({
      filter: { typePrefixes: ['alerts.notification_requested'] },
    })) {
      if ((event.data as { sourceEventId?: string }).sourceEventId === eventId) requested.push(event);
    }
    expect(requested).toHaveLength(1);
    expect(requested[0]?.metadata.correlationId).toBe(correlationId);
  });
});
