import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type SimulatorTestServer,
  startSimulatorTestServer,
} from '../../../test/support/simulator-test-server.js';
import { SqliteEventStore } from '../../events/index.js';
import { newId } from '../../kernel/index.js';
import { HealingEvents, remediationStream } from '../healing-events.js';
import { HealingService } from './healing-service.js';
import {
  appendAlertFired,
  appendAlertResolved,
  appendRunbook,
  chainWith,
  remediationChain,
} from './test-healing.js';

let dir: string;
let store: SqliteEventStore;
let healing: HealingService;
let simulator: SimulatorTestServer;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-healing-'));
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  simulator = await startSimulatorTestServer();
});

afterEach(async () => {
  await healing?.stop();
  await simulator.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(dryRun = false): Promise<void> {
  healing = new HealingService({ store, settings: { dryRun }, snapshotIntervalMs: 100 });
  await healing.start();
}

const addRunbook = (doc: Record<string, unknown>) => appendRunbook(store, doc);

function runbook(name: string, service: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    trigger: { alert: { matchers: [`service="${service}"`] } },
    steps: [{ name: 'reset-faults', action: { kind: 'simulator_fault_off', url: simulator.origin } }],
    verify: { within: '30s' },
    ...extra,
  };
}

const fire = (service: string) => appendAlertFired(store, service);
const resolve = (alertId: string) => appendAlertResolved(store, alertId);
const chain = (alertId: string) => remediationChain(healing, store, alertId);
const until = async (alertId: string, type: string, tries = 200) =>
  (await chainWith(healing, store, alertId, type, tries)).map((e) => e.type);

describe('remediation', () => {
  it('diagnoses, runs the runbook, and marks the alert healed once it resolves', async () => {
    await start();
    await addRunbook(runbook('heal-db', 'db'));
    const alertId = await fire('db');
    await until(alertId, HealingEvents.actionSucceeded);
    expect(simulator.requests.some((r) => r.path === '/chaos/reset' && r.method === 'POST')).toBe(true);
    await resolve(alertId);
    const types = await until(alertId, HealingEvents.healed);
    expect(types).toEqual([
      HealingEvents.diagnosed,
      HealingEvents.remediationPlanned,
      HealingEvents.actionRequested,
      HealingEvents.actionStarted,
      HealingEvents.actionSucceeded,
      HealingEvents.healed,
    ]);
    const events = await chain(alertId);
    expect(new Set(events.map((e) => e.metadata.correlationId))).toEqual(new Set([alertId]));
  });

  it('asks for a check of the service’s monitors right after acting, so verification need not wait', async () => {
    await start();
    const monitorId = newId();
    await store.appendToStream(`monitor-${monitorId}`, [
      {
        type: 'monitor.monitor_created',
        data: { id: monitorId, doc: { name: 'db-health', service: 'db', kind: 'http', dependsOn: [] } },
      },
    ]);
    await addRunbook(runbook('heal-db', 'db'));
    const alertId = await fire('db');
    await until(alertId, HealingEvents.actionSucceeded);
    await healing.waitUntilCaughtUp();
    const requests = await store.readStream(`monitor-requests-${monitorId}`);
    expect(requests.map((e) => [e.type, e.data, e.metadata.correlationId])).toEqual([
      ['monitor.check_requested', { monitorId }, alertId],
    ]);
  });

  it('records a dry run without acting', async () => {
    await start(true);
    await addRunbook(runbook('heal-cache', 'cache'));
    const alertId = await fire('cache');
    await until(alertId, HealingEvents.actionSucceeded);
    expect(simulator.requests.filter((r) => r.path === '/chaos/reset')).toEqual([]);
    const types = (await chain(alertId)).map((e) => e.type);
    expect(types).not.toContain(HealingEvents.actionStarted);
  });

  it('escalates instead of acting once the budget of the target is spent', async () => {
    await start();
    await addRunbook(runbook('heal-queue', 'queue', { budget: { maxActionsPerHour: 1 } }));
    const first = await fire('queue');
    await until(first, HealingEvents.actionSucceeded);
    await resolve(first);
    await until(first, HealingEvents.healed);
    const second = await fire('queue');
    const types = await until(second, HealingEvents.escalated);
    expect(types).not.toContain(HealingEvents.actionRequested);
    expect(simulator.requests.filter((r) => r.path === '/chaos/reset')).toHaveLength(1);
  });

  it('plans one remediation per alert occurrence, also across a restart', async () => {
    await start();
    await addRunbook(runbook('heal-web', 'web'));
    const alertId = await fire('web');
    await until(alertId, HealingEvents.actionSucceeded);
    await healing.stop();
    await start();
    await healing.waitUntilCaughtUp();
    const types = (await chain(alertId)).map((e) => e.type);
    expect(types.filter((t) => t === HealingEvents.remediationPlanned)).toHaveLength(1);
    expect(types.filter((t) => t === HealingEvents.actionRequested)).toHaveLength(1);
  });
});

describe('restart safety', () => {
  /** What a crash between "started" and the outcome leaves in the log: an alert, its plan, an action started. */
  async function crashedMidAction(): Promise<string> {
    await addRunbook(runbook('heal-auth', 'auth', { verify: { within: '10s' } }));
    const alertId = await fire('auth');
    const runbookId = (
      await store
        .readAll({ filter: { typePrefixes: ['healing.runbook_'] } })
        [Symbol.asyncIterator]()
        .next()
    ).value!.data as { id: string };
    const actionId = newId();
    await store.appendToStream(remediationStream(alertId), [
      { type: HealingEvents.diagnosed, data: { alertId, causes: [] } },
      {
        type: HealingEvents.remediationPlanned,
        data: {
          alertId,
          ruleName: 'service-down',
          runbookId: runbookId.id,
          runbookName: 'heal-auth',
          target: 'auth',
          steps: ['reset-faults'],
          dryRun: false,
        },
      },
      {
        type: HealingEvents.actionRequested,
        data: {
          actionId,
          alertId,
          runbookId: runbookId.id,
          step: 'reset-faults',
          stepIndex: 0,
          target: 'auth',
          action: { kind: 'simulator_fault_off', url: simulator.origin },
          timeoutMs: 10_000,
          retries: 0,
          dryRun: false,
        },
      },
      { type: HealingEvents.actionStarted, data: { actionId, alertId, step: 'reset-faults' } },
    ]);
    return alertId;
  }

  it('never runs an interrupted action again: unresolved within the verification time, its outcome is unknown and people are told', async () => {
    const alertId = await crashedMidAction();
    await start();
    const types = await until(alertId, HealingEvents.notificationRequested, 1000);
    expect(types.slice(-3)).toEqual([
      HealingEvents.actionOutcomeUnknown,
      HealingEvents.escalated,
      HealingEvents.notificationRequested,
    ]);
    const [told] = (await store.readStream(remediationStream(alertId))).filter(
      (e) => e.type === HealingEvents.notificationRequested,
    );
    expect(told?.data).toMatchObject({ alertId, kind: 'escalation', receivers: [] });
    expect(simulator.requests.filter((r) => r.path === '/chaos/reset')).toEqual([]);
    expect(types.filter((t) => t === HealingEvents.remediationPlanned)).toHaveLength(1);
  });

  it('takes an interrupted action as done when the alert resolves after the restart', async () => {
    const alertId = await crashedMidAction();
    await start();
    await healing.waitUntilCaughtUp();
    expect((await chain(alertId)).map((e) => e.type)).not.toContain(HealingEvents.actionOutcomeUnknown);
    await resolve(alertId);
    const types = await until(alertId, HealingEvents.healed);
    expect(types.slice(-2)).toEqual([HealingEvents.actionSucceeded, HealingEvents.healed]);
    expect(simulator.requests.filter((r) => r.path === '/chaos/reset')).toEqual([]);
  });
});
