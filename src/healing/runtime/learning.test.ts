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

// The remediation loop orders a runbook's alternative steps by how often each healed before.

let dir: string;
let store: SqliteEventStore;
let healing: HealingService;
let simulator: SimulatorTestServer;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-healing-learning-'));
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  simulator = await startSimulatorTestServer();
  healing = new HealingService({ store, settings: { dryRun: false }, snapshotIntervalMs: 100 });
  await healing.start();
});

afterEach(async () => {
  await healing.stop();
  await simulator.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function fireAndHeal(): Promise<string[]> {
  const alertId = newId();
  const now = new Date().toISOString();
  await store.appendToStream(`alert-${alertId}`, [
    {
      type: 'alerts.alert_fired',
      data: { alertId, ruleName: 'api-down', labels: { service: 'api' }, firedAt: now, annotations: {} },
    },
  ]);
  const planned = await waitFor(alertId, HealingEvents.actionSucceeded);
  await store.appendToStream(`alert-${alertId}`, [
    { type: 'alerts.alert_resolved', data: { alertId, resolvedAt: new Date().toISOString() } },
  ]);
  await waitFor(alertId, HealingEvents.healed);
  return planned;
}

/** Waits for `type` in the alert's remediation; returns the planned step names. */
async function waitFor(alertId: string, type: string): Promise<string[]> {
  for (let i = 0; i < 400; i++) {
    await healing.waitUntilCaughtUp();
    await healing.actionsIdle();
    const events = await store.readStream(remediationStream(alertId));
    if (events.some((e) => e.type === type)) {
      const plan = events.find((e) => e.type === HealingEvents.remediationPlanned);
      return (plan?.data as { steps: string[] } | undefined)?.steps ?? [];
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const seen = (await store.readStream(remediationStream(alertId))).map(
    (e) => `${e.type} ${JSON.stringify(e.data).slice(0, 200)}`,
  );
  throw new Error(`no ${type} for ${alertId}: ${seen.join('\n')}`);
}

describe('learning', () => {
  it('tries first the alternative that healed before, also after a restart without snapshot', async () => {
    const id = newId();
    await store.appendToStream(`runbooks-${id}`, [
      {
        type: 'healing.runbook_created',
        data: {
          id,
          doc: {
            name: 'heal-api',
            trigger: { alert: { rules: ['api-down'] } },
            onFailure: 'next',
            budget: { maxActionsPerHour: 20 },
            steps: [
              // Nothing listens on port 1: this remedy always fails.
              {
                name: 'restart',
                alternatives: true,
                action: { kind: 'http', url: 'http://127.0.0.1:1/restart' },
              },
              {
                name: 'reset-faults',
                alternatives: true,
                action: { kind: 'simulator_fault_off', url: simulator.origin },
              },
            ],
          },
        },
      },
    ]);
    expect(await fireAndHeal()).toEqual(['restart', 'reset-faults']);
    expect(await fireAndHeal()).toEqual(['reset-faults', 'restart']);

    await healing.stop();
    await new SnapshotStore(store).reset('healing-remediation');
    healing = new HealingService({ store, settings: { dryRun: false }, snapshotIntervalMs: 100 });
    await healing.start();
    expect(await fireAndHeal()).toEqual(['reset-faults', 'restart']);
  });
});
