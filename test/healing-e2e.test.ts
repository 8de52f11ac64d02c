import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertService, type AlertView } from '../src/alerts/index.js';
import { SqliteEventStore } from '../src/events/index.js';
import { HealingEvents, HealingService, remediationStream } from '../src/healing/index.js';
import { silentLogger, systemClock } from '../src/kernel/index.js';
import {
  closeHttpCheckAgent,
  MetricsService,
  MonitorService,
  type SimulatedService,
  startSimulatedService,
} from '../src/monitor/index.js';
import { createVigiaServer } from '../src/server/index.js';
import { headersPerRole } from './support/auth.js';

let dir: string;
let store: SqliteEventStore;
let metrics: MetricsService;
let monitoring: MonitorService;
let alerting: AlertService;
let healing: HealingService;
let app: FastifyInstance;
let db: SimulatedService;
let api: SimulatedService;
let as: Awaited<ReturnType<typeof headersPerRole>>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-healing-e2e-'));
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  db = await startSimulatedService({ name: 'db', latencyMs: 0, jitterMs: 0, failureRate: 0 });
  api = await startSimulatedService({ name: 'api', latencyMs: 0, jitterMs: 0, failureRate: 0 });
  metrics = new MetricsService({ store, clock: systemClock, logger: silentLogger(), flushIntervalMs: 20 });
  monitoring = new MonitorService({ store, clock: systemClock, logger: silentLogger(), flushIntervalMs: 20 });
  alerting = new AlertService({
    store,
    logger: silentLogger(),
    settings: {
      root: {
        receivers: [],
        groupBy: ['alertname', 'service'],
        groupWaitMs: 0,
        groupIntervalMs: 1000,
        repeatIntervalMs: 3_600_000,
      },
      notifyRecovered: true,
      inhibitByDependency: true,
    },
  });
  healing = new HealingService({ store, settings: { dryRun: false }, logger: silentLogger() });
  const server = await createVigiaServer({
    store,
    logger: silentLogger(),
    version: 'test',
    monitoring,
    alerting,
    healing: true,
    metricsService: { service: metrics },
  });
  app = server.app;
  as = await headersPerRole(server.auth.tokens, 'e2e');
  await metrics.start();
  await alerting.start();
  await healing.start();
  await monitoring.start();
  const create = async (kind: string, doc: Record<string, unknown>) => {
    const response = await app.inject({
      method: 'POST',
      url: `/api/${kind}`,
      headers: as.admin,
      payload: doc,
    });
    expect(response.statusCode, response.body).toBe(201);
  };
  await create('monitors', {
    name: 'db-health',
    kind: 'http',
    service: 'db',
    url: `${db.url}/health`,
    intervalSeconds: 5,
  });
  await create('monitors', {
    name: 'api-health',
    kind: 'http',
    service: 'api',
    url: `${api.url}/health`,
    intervalSeconds: 5,
    dependsOn: ['db'],
  });
  await create('alert-rules', {
    name: 'service-down',
    severity: 'critical',
    flapDetection: { enabled: false },
    condition: { kind: 'monitor_down' },
  });
}, 30_000);

async function createRunbook(): Promise<void> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/runbooks',
    headers: as.admin,
    payload: {
      name: 'heal-db',
      trigger: { alert: { matchers: ['service="db"'] } },
      steps: [{ name: 'switch-db-fault-off', action: { kind: 'simulator_fault_off', url: db.url } }],
      verify: { within: '1m' },
    },
  });
  expect(response.statusCode, response.body).toBe(201);
}

afterAll(async () => {
  await monitoring.stop();
  await healing.stop();
  await alerting.stop();
  await metrics.stop();
  await app.close();
  await closeHttpCheckAgent();
  await db.stop();
  await api.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until<T>(what: string, read: () => Promise<T | undefined>, ms = 40_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function alertOf(service: string, state = 'all') {
  const response = await app.inject({
    url: `/api/alerts?state=${state}&service=${service}`,
    headers: as.viewer,
  });
  return (response.json().alerts as AlertView[])[0];
}

describe('self-healing, end to end on loopback', () => {
  it('db down → db alert, api inhibited → diagnosis names db → runbook → recovery → resolved, all by correlation id', async () => {
    // The api fails while its database is away, and recovers with it (simulators do not do that on their own).
    db.setFaults({ available: false });
    api.setFaults({ failureRate: 1 });
    const stopFollowingDb = setInterval(() => {
      if (db.faults().available) api.resetFaults();
    }, 50);
    try {
      const dbAlert = await until(
        'the db alert to fire',
        async () => (await alertOf('db', 'firing')) ?? undefined,
      );
      const apiAlert = await until('the api alert to be inhibited by db', async () => {
        const alert = await alertOf('api');
        return alert?.inhibitedBy.some((c) => c.kind === 'dependency' && c.dependency === 'db')
          ? alert
          : undefined;
      });
      // The runbook arrives once both alerts are up, so the order of the scenario is certain
      // (a runbook present from the start heals db before the api's next check even sees it fail).
      await createRunbook();
      const chain = await until('the db remediation to heal', async () => {
        const events = await store.readStream(remediationStream(dbAlert.alertId));
        return events.some((e) => e.type === HealingEvents.healed) ? events : undefined;
      });
      expect(chain.map((e) => e.type)).toEqual([
        HealingEvents.diagnosed,
        HealingEvents.remediationPlanned,
        HealingEvents.actionRequested,
        HealingEvents.actionStarted,
        HealingEvents.actionSucceeded,
        HealingEvents.healed,
      ]);
      expect(chain.every((e) => e.metadata.correlationId === dbAlert.alertId)).toBe(true);
      // The api alert is diagnosed as caused by db, and not remediated itself (it is inhibited).
      const apiChain = await until('the api alert diagnosed with its inhibition known', async () => {
        const events = await store.readStream(remediationStream(apiAlert.alertId));
        const last = events.findLast((e) => e.type === HealingEvents.diagnosed)?.data as
          | { causes: Array<{ kind: string }> }
          | undefined;
        return last?.causes[0]?.kind === 'dependency_down' ? events : undefined;
      });
      const diagnosis = apiChain.findLast((e) => e.type === HealingEvents.diagnosed)?.data as {
        causes: Array<{ kind: string; subject: string }>;
      };
      expect(diagnosis.causes[0]).toMatchObject({ kind: 'dependency_down', subject: 'db' });
      expect(apiChain.map((e) => e.type)).not.toContain(HealingEvents.actionRequested);
      await until('both alerts to resolve', async () => {
        const [d, a] = [await alertOf('db'), await alertOf('api')];
        return d?.state === 'resolved' && a?.state === 'resolved' ? true : undefined;
      });
      const timeline = (
        await app.inject({ url: `/api/alerts/${dbAlert.alertId}`, headers: as.viewer })
      ).json().timeline;
      expect(timeline.map((t: { type: string }) => t.type)).toContain('alerts.alert_resolved');
    } finally {
      clearInterval(stopFollowingDb);
    }
  }, 90_000);
});
