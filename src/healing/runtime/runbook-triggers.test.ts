import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type SimulatorTestServer,
  startSimulatorTestServer,
} from '../../../test/support/simulator-test-server.js';
import { SnapshotStore, SqliteEventStore } from '../../events/index.js';
import { newId } from '../../kernel/index.js';
import { HealingEvents, remediationStream } from '../healing-events.js';
import { HealingService } from './healing-service.js';
import { appendAlertFired, appendRunbook, chainWith, remediationChain } from './test-healing.js';

// Runbooks started by an event (not an alert), and notify steps handed to alerting.

let dir: string;
let store: SqliteEventStore;
let healing: HealingService;
let simulator: SimulatorTestServer;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-healing-triggers-'));
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
const fire = (service: string) => appendAlertFired(store, service);
const chain = (subjectId: string) => remediationChain(healing, store, subjectId);
const until = (subjectId: string, type: string) => chainWith(healing, store, subjectId, type);

describe('a runbook with an event trigger', () => {
  it('runs on a matching event, with the event fields as labels, and completes in its chain', async () => {
    await start();
    await addRunbook({
      name: 'after-deploy',
      trigger: { event: { typePattern: 'deploy.*' } },
      steps: [{ name: 'reset-faults', action: { kind: 'simulator_fault_off', url: simulator.origin } }],
    });
    const correlationId = newId();
    const appended = await store.appendToStream('deploys', [
      { type: 'deploy.finished', data: { service: 'api', version: '1.4.2' }, metadata: { correlationId } },
    ]);
    const eventId = appended.eventIds[0]!;
    const events = await until(eventId, HealingEvents.completed);
    expect(events.map((e) => e.type)).toEqual([
      HealingEvents.remediationPlanned,
      HealingEvents.actionRequested,
      HealingEvents.actionStarted,
      HealingEvents.actionSucceeded,
      HealingEvents.completed,
    ]);
    expect(events[0]?.data).toMatchObject({ ruleName: 'deploy.finished', target: 'api' });
    expect(new Set(events.map((e) => e.metadata.correlationId))).toEqual(new Set([correlationId]));
    expect(simulator.requests.filter((r) => r.path === '/chaos/reset')).toHaveLength(1);
  });

  it('ignores events that do not match, and events from before the runbook existed', async () => {
    await start();
    const before = await store.appendToStream('deploys', [
      { type: 'deploy.finished', data: { service: 'api' } },
    ]);
    await addRunbook({
      name: 'after-deploy',
      trigger: { event: { typePattern: 'deploy.finished' } },
      steps: [{ name: 'reset-faults', action: { kind: 'simulator_fault_off', url: simulator.origin } }],
    });
    const other = await store.appendToStream('deploys', [
      { type: 'deploy.started', data: { service: 'api' } },
    ]);
    await healing.waitUntilCaughtUp();
    expect(await chain(before.eventIds[0]!)).toEqual([]);
    expect(await chain(other.eventIds[0]!)).toEqual([]);
    expect(simulator.requests).toEqual([]);
  });
});

describe('a notify step', () => {
  it('hands its message to alerting and goes on to the next step', async () => {
    await start();
    await addRunbook({
      name: 'tell-then-heal',
      trigger: { alert: { matchers: ['service="db"'] } },
      steps: [
        {
          name: 'tell-db-team',
          action: { kind: 'notify', receivers: ['db-team'], message: 'healing {{ labels.service }}' },
        },
        { name: 'reset-faults', action: { kind: 'simulator_fault_off', url: simulator.origin } },
      ],
    });
    const alertId = await fire('db');
    const events = await until(alertId, HealingEvents.actionSucceeded);
    const types = events.map((e) => e.type);
    expect(types.indexOf(HealingEvents.notificationRequested)).toBeLessThan(
      types.indexOf(HealingEvents.actionRequested),
    );
    const notice = events.find((e) => e.type === HealingEvents.notificationRequested);
    expect(notice?.data).toEqual({
      alertId,
      labels: { service: 'db', severity: 'critical', alertname: 'service-down' },
      receivers: ['db-team'],
      message: 'healing db',
      kind: 'step',
      stepIndex: 0,
    });
    expect(events.find((e) => e.type === HealingEvents.actionRequested)?.data).toMatchObject({
      step: 'reset-faults',
      stepIndex: 1,
    });
  });

  it('is recorded but not sent in dry run', async () => {
    await start(true);
    await addRunbook({
      name: 'tell',
      trigger: { alert: { matchers: ['service="db"'] } },
      steps: [{ name: 'tell-db-team', action: { kind: 'notify', receivers: ['db-team'], message: 'hello' } }],
    });
    const alertId = await fire('db');
    const events = await until(alertId, HealingEvents.actionSucceeded);
    expect(events.map((e) => e.type)).not.toContain(HealingEvents.notificationRequested);
    expect(events.find((e) => e.type === HealingEvents.actionSucceeded)?.data).toMatchObject({
      dryRun: true,
    });
  });

  it('is not handed over twice after a restart', async () => {
    await start();
    await addRunbook({
      name: 'tell-then-wait',
      trigger: { alert: { matchers: ['service="db"'] } },
      steps: [
        { name: 'tell-db-team', action: { kind: 'notify', receivers: ['db-team'], message: 'hello' } },
        { name: 'ask', action: { kind: 'approval', approvers: ['admin'], expiresIn: '10m' } },
      ],
    });
    const alertId = await fire('db');
    await until(alertId, HealingEvents.approvalRequested);
    await healing.stop();
    // Without its snapshot the loop replays the log: the step must be known as done from the log alone.
    await new SnapshotStore(store).reset('healing-remediation');
    await start();
    await store.appendToStream(remediationStream(alertId), [
      { type: HealingEvents.approvalGranted, data: { alertId, step: 'ask', by: 'admin' } },
    ]);
    await healing.waitUntilCaughtUp();
    // Approved: every step is done, so nothing more is asked (a loop that lost count would ask again).
    const types = (await chain(alertId)).map((e) => e.type);
    expect(types.filter((t) => t === HealingEvents.notificationRequested)).toHaveLength(1);
    expect(types.filter((t) => t === HealingEvents.approvalRequested)).toHaveLength(1);
  });
});
