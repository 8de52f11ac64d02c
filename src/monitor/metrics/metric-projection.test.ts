import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../kernel/index.js';
import { MetricEvents } from './metric-events.js';
import { openTestReadModels, type TestReadModels } from './test-read-models.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 22, 10, 0);
const web = { service: 'web' };

let clock: FakeClock;
let models: TestReadModels;

beforeEach(async () => {
  clock = new FakeClock(T0 + 10 * MINUTE);
  models = await openTestReadModels(clock);
});

afterEach(async () => {
  await models.close();
});

const pointsOf = async (aggregate: 'mean' | 'min' | 'max' | 'sum' | 'count' | 'last', name = 'cpu_percent') =>
  (
    await models.queries.points({
      name,
      matchers: [],
      from: T0,
      to: T0 + 5 * MINUTE,
      stepMinutes: 1,
      aggregate,
    })
  ).series;

describe('metric projection', () => {
  it('merges the samples of one minute arriving in separate batches into one rollup', async () => {
    await models.record([
      { name: 'cpu_percent', value: 10, labels: web, timestamp: T0 + 1000 },
      { name: 'cpu_percent', value: 30, labels: web, timestamp: T0 + 20_000 },
    ]);
    // Later batch, same minute: one sample before the stored last one, one after.
    await models.record([
      { name: 'cpu_percent', value: 5, labels: web, timestamp: T0 + 10_000 },
      { name: 'cpu_percent', value: 50, labels: web, timestamp: T0 + 40_000 },
    ]);
    await models.record([{ name: 'cpu_percent', value: 99, labels: web, timestamp: T0 + 30_000 }]);

    const [series] = await pointsOf('last');
    expect(series).toMatchObject({ key: 'cpu_percent{service="web"}', name: 'cpu_percent', labels: web });
    // The last value is the one with the latest timestamp (50 at :40), not the latest to arrive (99 at :30).
    expect(series!.points).toEqual([{ t: new Date(T0).toISOString(), value: 50, count: 5, min: 5, max: 99 }]);
    expect((await pointsOf('sum'))[0]!.points[0]!.value).toBe(194);
    expect((await pointsOf('mean'))[0]!.points[0]!.value).toBeCloseTo(194 / 5, 10);

    const listed = await models.queries.listSeries({ limit: 10 });
    expect(listed.items).toEqual([
      {
        key: 'cpu_percent{service="web"}',
        name: 'cpu_percent',
        labels: web,
        lastValue: 50,
        lastAt: new Date(T0 + 40_000).toISOString(),
      },
    ]);
  });

  it('keeps series apart by their labels, with empty label values treated as absent', async () => {
    await models.record([
      { name: 'cpu_percent', value: 1, labels: { service: 'web', host: 'a' }, timestamp: T0 },
      { name: 'cpu_percent', value: 2, labels: { host: 'b', service: 'web' }, timestamp: T0 },
      {
        name: 'cpu_percent',
        value: 3,
        labels: { service: 'web', host: 'a', zone: '' },
        timestamp: T0 + MINUTE,
      },
    ]);
    const listed = await models.queries.listSeries({ name: 'cpu_percent', limit: 10 });
    expect(listed.items.map((s) => s.key)).toEqual([
      'cpu_percent{host="a",service="web"}',
      'cpu_percent{host="b",service="web"}',
    ]);
    const series = await pointsOf('count');
    expect(series.map((s) => s.points.map((p) => p.count))).toEqual([[1, 1], [1]]);
  });

  it('skips malformed samples of a hand-written event and keeps its good ones', async () => {
    await models.store.appendToStream('metrics-push-forged', [
      {
        type: MetricEvents.samplesRecorded,
        data: {
          source: 'push',
          samples: [
            { name: 'cpu_percent', value: 7, labels: web, timestamp: T0 },
            { name: 'cpu_percent', value: 'seven', labels: web, timestamp: T0 },
            { name: 'bad name', value: 1, labels: {}, timestamp: T0 },
            { name: 'cpu_percent', value: 1, labels: { service: 3 }, timestamp: T0 },
            { name: 'cpu_percent', value: 1, labels: { __proto__x: 'a' }, timestamp: T0 },
            { name: 'cpu_percent', value: 1, labels: web, timestamp: 'yesterday' },
            null,
          ],
        },
      },
      { type: MetricEvents.samplesRecorded, data: { source: 'push', samples: 'none' } },
    ]);
    await models.settle();
    expect(models.runner.status).toBe('running');
    const [series] = await pointsOf('sum');
    expect(series!.points).toMatchObject([{ value: 7, count: 1 }]);
    expect((await models.queries.listSeries({ limit: 10 })).items).toHaveLength(1);
  });

  it('does not project samples older than the retention period (a rebuild stays small)', async () => {
    const old = T0 + 10 * MINUTE - 31 * 86_400_000;
    await models.record([
      { name: 'cpu_percent', value: 1, labels: web, timestamp: old },
      { name: 'memory_percent', value: 2, labels: web, timestamp: T0 },
    ]);
    const listed = await models.queries.listSeries({ limit: 10 });
    expect(listed.items.map((s) => s.name)).toEqual(['memory_percent']);
  });
});
