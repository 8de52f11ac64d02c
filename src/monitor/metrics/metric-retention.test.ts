import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock, silentLogger } from '../../kernel/index.js';
import { parseLabelMatchers } from './label-matchers.js';
import { MetricRetention } from './metric-retention.js';
import { openTestReadModels, type TestReadModels } from './test-read-models.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1, 12, 0);

let clock: FakeClock;
let models: TestReadModels;

beforeEach(async () => {
  clock = new FakeClock(T0);
  models = await openTestReadModels(clock, 30);
});

afterEach(async () => {
  await models.close();
});

function retention(intervalMs?: number): MetricRetention {
  return new MetricRetention({
    store: models.store,
    runner: models.runner,
    clock,
    logger: silentLogger(),
    retentionDays: 30,
    intervalMs,
  });
}

const series = async (label?: string) =>
  (
    await models.queries.listSeries({ matchers: label ? parseLabelMatchers([label]) : [], limit: 100 })
  ).items.map((s) => s.key);

describe('MetricRetention', () => {
  it('deletes minute rollups past retention and the series left without any, keeping recent ones', async () => {
    await models.record([
      { name: 'cpu_percent', value: 1, labels: { service: 'old' }, timestamp: T0 },
      { name: 'cpu_percent', value: 2, labels: { service: 'kept' }, timestamp: T0 },
    ]);
    clock.stall(31 * DAY);
    await models.record([
      { name: 'cpu_percent', value: 3, labels: { service: 'kept' }, timestamp: clock.now() },
    ]);

    expect(await retention().runOnce()).toEqual({ minutes: 2, series: 1 });
    expect(await series()).toEqual(['cpu_percent{service="kept"}']);
    // The label index forgot the deleted series…
    expect(await series('service=old')).toEqual([]);
    const kept = await models.queries.points({
      name: 'cpu_percent',
      matchers: [],
      from: T0,
      to: clock.now() + MINUTE,
      stepMinutes: 1440,
      aggregate: 'sum',
    });
    expect(kept.series.map((s) => s.points.map((p) => p.value))).toEqual([[3]]);
    // …and learns it again when the series comes back.
    await models.record([
      { name: 'cpu_percent', value: 4, labels: { service: 'old' }, timestamp: clock.now() },
    ]);
    expect(await series('service=old')).toEqual(['cpu_percent{service="old"}']);
    expect(await retention().runOnce()).toEqual({ minutes: 0, series: 0 });
  });

  it('runs at start and then every interval until stopped', async () => {
    await models.record([
      { name: 'cpu_percent', value: 1, labels: {}, timestamp: T0 },
      { name: 'memory_percent', value: 1, labels: {}, timestamp: T0 + 5 * DAY },
    ]);
    // Its own clock: advancing the read models' clock by days would also fire their consumer's timers.
    const own = new FakeClock(T0 + 30 * DAY + MINUTE);
    const task = new MetricRetention({
      store: models.store,
      runner: models.runner,
      clock: own,
      logger: silentLogger(),
      retentionDays: 30,
      intervalMs: DAY,
    });
    task.start();
    await task.idle();
    expect(await series()).toEqual(['memory_percent']);
    own.stall(5 * DAY);
    // The overdue run fires during the advance; stop waits for it to end.
    await own.advance(DAY);
    await task.stop();
    expect(await series()).toEqual([]);
    expect(own.pendingTimers).toBe(0);
  });
});
