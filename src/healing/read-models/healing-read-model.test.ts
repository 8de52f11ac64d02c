import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProjectionRunner, SqliteEventStore } from '../../events/index.js';
import { HealingEvents, remediationStream } from '../healing-events.js';
import { RemediationStory } from '../learn/remediation-story.js';
import { HealingService } from '../runtime/healing-service.js';
import { healingProjection } from './healing-projection.js';
import { HealingQueries } from './healing-queries.js';
import { HealingReadModel } from './healing-read-model.js';

let dir: string;
let store: SqliteEventStore;
let readModel: HealingReadModel;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-healing-read-model-'));
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  readModel = new HealingReadModel({ store });
});

afterEach(async () => {
  await readModel.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Ids that sort in the order the stories are told, so "newest first" is the reverse of it. */
const id = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;

async function tell(...stories: RemediationStory[]): Promise<void> {
  for (const story of stories) {
    await store.appendToStream(
      remediationStream(story.alertId),
      story.events.map((e) => ({ type: e.type, data: e.data, metadata: { correlationId: story.alertId } })),
    );
  }
}

/** Four remediations of two rules on two targets: healed twice, not healed once, one between steps. */
function history(): RemediationStory[] {
  const db = { ruleName: 'db-down', target: 'db' };
  return [
    new RemediationStory(id(1), db).planned(['restart', 'failover']).acted('restart').healed(30_000),
    new RemediationStory(id(2), db)
      .planned(['restart', 'failover'])
      .acted('restart', 'failed')
      .acted('failover')
      .healed(90_000),
    new RemediationStory(id(3), { ruleName: 'api-down', target: 'api' })
      .planned(['restart'])
      .acted('restart')
      .notHealed(),
    new RemediationStory(id(4), db).planned(['restart', 'failover']).acted('restart'),
  ];
}

describe('healing read model', () => {
  it('lists remediations newest first, filtered, a page at a time', async () => {
    await tell(...history());
    await readModel.start();
    await readModel.waitUntilCaughtUp();
    const all = await readModel.queries.list({ limit: 50 });
    expect(all.items.map((r) => [r.alertId, r.status])).toEqual([
      [id(4), 'planned'],
      [id(3), 'not_healed'],
      [id(2), 'healed'],
      [id(1), 'healed'],
    ]);
    expect(all.next).toBeNull();
    expect(all.items[2]).toMatchObject({
      ruleName: 'db-down',
      runbookId: 'runbook-1',
      runbookName: 'heal-service',
      target: 'db',
      dryRun: false,
      healedInMs: 90_000,
      lastReason: null,
      steps: [
        { name: 'restart', state: 'failed' },
        { name: 'failover', state: 'succeeded' },
      ],
      startedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      endedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(all.items[1]?.lastReason).toMatch(/did not resolve/);

    const first = await readModel.queries.list({ limit: 2, ruleName: 'db-down' });
    expect(first.items.map((r) => r.alertId)).toEqual([id(4), id(2)]);
    expect(first.next).toMatch(/^\d+:00000000-/);
    const second = await readModel.queries.list({ limit: 2, ruleName: 'db-down', cursor: first.next! });
    expect(second).toEqual({ items: [expect.objectContaining({ alertId: id(1) })], next: null });

    const healed = await readModel.queries.list({ limit: 50, status: 'healed', target: 'db' });
    expect(healed.items.map((r) => r.alertId)).toEqual([id(2), id(1)]);
    expect((await readModel.queries.list({ limit: 50, target: 'cache' })).items).toEqual([]);
    expect(await readModel.queries.get(id(3))).toMatchObject({ status: 'not_healed', target: 'api' });
    expect(await readModel.queries.get(id(9))).toBeUndefined();
  });

  it('counts attempts, successes and the median time to heal per rule and step', async () => {
    await readModel.start();
    const db = { ruleName: 'db-down' };
    await tell(
      ...history(),
      new RemediationStory(id(5), db).planned(['restart']).acted('restart').healed(50_000),
      new RemediationStory(id(6), { ...db, dryRun: true }).planned(['restart']).acted('restart').healed(1),
    );
    await readModel.waitUntilCaughtUp();
    expect(await readModel.queries.stats()).toEqual([
      {
        ruleName: 'api-down',
        step: 'restart',
        attempts: 1,
        successes: 0,
        successRate: 0,
        medianHealMs: null,
      },
      {
        ruleName: 'db-down',
        step: 'failover',
        attempts: 1,
        successes: 1,
        successRate: 1,
        medianHealMs: 90_000,
      },
      {
        ruleName: 'db-down',
        step: 'restart',
        attempts: 3,
        successes: 2,
        successRate: 2 / 3,
        medianHealMs: 40_000,
      },
    ]);
    const one = await readModel.queries.stats({ ruleName: 'api-down' });
    expect(one.map((s) => s.step)).toEqual(['restart']);
    expect(await readModel.queries.stats({ ruleName: 'nope' })).toEqual([]);
    // The dry run is listed, not learned from.
    expect(await readModel.queries.get(id(6))).toMatchObject({ dryRun: true, status: 'healed' });
  });

  it('folds a remediation the same way when its events come one batch at a time', async () => {
    await tell(...history());
    // Another name: two runners of one projection would share (and wait on) one consumer lease.
    const projection = { ...healingProjection, name: 'healing_one_by_one' };
    const runner = new ProjectionRunner(store, projection, { batchSize: 1 });
    await runner.start();
    await runner.waitUntilCaughtUp();
    const oneByOne = new HealingQueries(store, runner.tables);
    await readModel.start();
    await readModel.waitUntilCaughtUp();
    expect(await oneByOne.list({ limit: 50 })).toEqual(await readModel.queries.list({ limit: 50 }));
    expect(await oneByOne.stats()).toEqual(await readModel.queries.stats());
    expect((await oneByOne.stats()).length).toBeGreaterThan(0);
    await runner.stop();
  });

  it("names the rule from the alert's diagnosis when the remediation's events do not", async () => {
    await readModel.start();
    const alertId = id(7);
    await store.appendToStream(remediationStream(alertId), [
      { type: HealingEvents.diagnosed, data: { alertId, ruleName: 'queue-stuck', causes: [] } },
      { type: 'healing.some_future_event', data: { alertId } },
      {
        type: HealingEvents.escalated,
        data: { alertId, runbookId: 'runbook-9', target: 'queue', reason: 'budget spent: 3 actions' },
      },
    ]);
    await readModel.waitUntilCaughtUp();
    expect(await readModel.queries.get(alertId)).toMatchObject({
      ruleName: 'queue-stuck',
      status: 'escalated',
      target: 'queue',
      steps: [],
      lastReason: 'budget spent: 3 actions',
    });
    expect((await readModel.queries.list({ limit: 50, status: 'escalated' })).items).toHaveLength(1);
  });
});

describe('HealingService', () => {
  it('runs the read model beside the loop and reports it for readiness', async () => {
    const healing = new HealingService({ store, settings: { dryRun: true } });
    await healing.start();
    try {
      const alertId = id(8);
      await tell(new RemediationStory(alertId).escalated('budget spent'));
      await healing.waitUntilCaughtUp();
      expect((await healing.queries.list({ limit: 10 })).items.map((r) => r.alertId)).toEqual([alertId]);
      expect(healing.consumers.map((c) => [c.name, c.status])).toContainEqual([
        'healing-read-model',
        'running',
      ]);
    } finally {
      await healing.stop();
    }
  });
});
