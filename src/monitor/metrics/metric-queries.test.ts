import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../kernel/index.js';
import type { MetricSample } from '../ingest/index.js';
import { parseLabelMatchers } from './label-matchers.js';
import {
  decodeSeriesCursor,
  encodeSeriesCursor,
  MAX_SERIES_PER_QUERY,
  type PointsQuery,
} from './metric-queries.js';
import { MetricQueryError } from './metric-query-error.js';
import { openTestReadModels, type TestReadModels } from './test-read-models.js';

const MINUTE = 60_000;
// A multiple of 5 minutes, so 5-minute steps start exactly at T0.
const T0 = Date.UTC(2026, 10, 22, 10, 0);

let models: TestReadModels;

beforeAll(async () => {
  models = await openTestReadModels(new FakeClock(T0 + 30 * MINUTE));
  const samples: MetricSample[] = [];
  // response_time_ms of api on two hosts: minute m has values 10m and 10m+5 on host a; 100 on host b.
  for (let m = 0; m < 10; m++) {
    const at = T0 + m * MINUTE;
    samples.push({
      name: 'response_time_ms',
      value: 10 * m,
      labels: { service: 'api', host: 'a' },
      timestamp: at,
    });
    samples.push({
      name: 'response_time_ms',
      value: 10 * m + 5,
      labels: { service: 'api', host: 'a' },
      timestamp: at + 30_000,
    });
    samples.push({
      name: 'response_time_ms',
      value: 100,
      labels: { service: 'api', host: 'b' },
      timestamp: at,
    });
  }
  samples.push({ name: 'response_time_ms', value: 1, labels: { service: 'web', host: 'a' }, timestamp: T0 });
  // Many series of one name, to page through and to exceed the per-query limit.
  for (let i = 0; i <= MAX_SERIES_PER_QUERY; i++) {
    const worker = String(i).padStart(3, '0');
    samples.push({
      name: 'queue_depth',
      value: i,
      labels: { worker, pool: i < 5 ? 'small' : 'big' },
      timestamp: T0,
    });
  }
  await models.record(samples);
});

afterAll(async () => {
  await models.close();
});

const query = (overrides: Partial<PointsQuery>) =>
  models.queries.points({
    name: 'response_time_ms',
    matchers: parseLabelMatchers(['host=a', 'service=api']),
    from: T0,
    to: T0 + 10 * MINUTE,
    stepMinutes: 1,
    aggregate: 'mean',
    ...overrides,
  });

async function refusal(work: () => Promise<unknown>): Promise<MetricQueryError> {
  const error = await work().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MetricQueryError);
  return error as MetricQueryError;
}

describe('MetricQueries.points', () => {
  it('merges minute rollups into steps aligned to multiples of the step', async () => {
    const { series } = await query({ stepMinutes: 5 });
    expect(series).toHaveLength(1);
    expect(series[0]!.key).toBe('response_time_ms{host="a",service="api"}');
    // Step 1: minutes 0-4, values 0,5,10,15,…,45; step 2: minutes 5-9, values 50,55,…,95.
    expect(series[0]!.points).toEqual([
      { t: new Date(T0).toISOString(), value: 22.5, count: 10, min: 0, max: 45 },
      { t: new Date(T0 + 5 * MINUTE).toISOString(), value: 72.5, count: 10, min: 50, max: 95 },
    ]);
  });

  it('computes each aggregate over a step', async () => {
    const aggregated = async (aggregate: PointsQuery['aggregate']) =>
      (await query({ stepMinutes: 5, aggregate })).series[0]!.points.map((p) => p.value);
    expect(await aggregated('mean')).toEqual([22.5, 72.5]);
    expect(await aggregated('min')).toEqual([0, 50]);
    expect(await aggregated('max')).toEqual([45, 95]);
    expect(await aggregated('sum')).toEqual([225, 725]);
    expect(await aggregated('count')).toEqual([10, 10]);
    // The last sample of minutes 0-4 is 45 (minute 4, +30 s), of 5-9 is 95.
    expect(await aggregated('last')).toEqual([45, 95]);
  });

  it('includes the minute holding `from` and excludes `to`, and leaves out series without samples in range', async () => {
    const { series } = await query({ from: T0 + 2 * MINUTE + 10_000, to: T0 + 4 * MINUTE });
    expect(series[0]!.points.map((p) => p.t)).toEqual([
      new Date(T0 + 2 * MINUTE).toISOString(),
      new Date(T0 + 3 * MINUTE).toISOString(),
    ]);
    const web = await query({
      matchers: parseLabelMatchers(['service=web']),
      from: T0 + 5 * MINUTE,
      to: T0 + 10 * MINUTE,
    });
    expect(web.series).toEqual([]);
  });

  it('selects series by every label matcher at once', async () => {
    const byService = await query({ matchers: parseLabelMatchers(['service=api']) });
    expect(byService.series.map((s) => s.labels.host)).toEqual(['a', 'b']);
    const byHost = await query({ matchers: parseLabelMatchers(['host=a']) });
    expect(byHost.series.map((s) => s.labels.service)).toEqual(['api', 'web']);
    const none = await query({ matchers: parseLabelMatchers(['host=a', 'service=db']) });
    expect(none.series).toEqual([]);
  });

  it('refuses more than 100 series with a hint to add matchers, and answers once narrowed', async () => {
    const error = await refusal(() =>
      models.queries.points({
        name: 'queue_depth',
        matchers: [],
        from: T0,
        to: T0 + MINUTE,
        stepMinutes: 1,
        aggregate: 'last',
      }),
    );
    expect(error.code).toBe('TOO_MANY_SERIES');
    expect(error.message).toMatch(/add label matchers/);
    const narrowed = await models.queries.points({
      name: 'queue_depth',
      matchers: parseLabelMatchers(['pool=small']),
      from: T0,
      to: T0 + MINUTE,
      stepMinutes: 1,
      aggregate: 'last',
    });
    expect(narrowed.series.map((s) => s.points[0]!.value)).toEqual([0, 1, 2, 3, 4]);
  });

  it('names the parameter at fault', async () => {
    expect((await refusal(() => query({ from: T0 + MINUTE, to: T0 + MINUTE }))).field).toBe('from');
    expect((await refusal(() => query({ stepMinutes: 0 }))).field).toBe('stepMinutes');
    expect((await refusal(() => query({ stepMinutes: 1.5 }))).field).toBe('stepMinutes');
    const tooMany = await refusal(() => query({ from: T0 - 30 * 86_400_000, stepMinutes: 1 }));
    expect(tooMany.field).toBe('stepMinutes');
    expect(tooMany.message).toMatch(/more than 11000/);
    expect((await refusal(() => query({ name: 'not a name' }))).field).toBe('name');
    expect((await refusal(() => query({ aggregate: 'median' as 'mean' }))).field).toBe('aggregate');
    expect((await refusal(() => query({ to: Number.NaN }))).field).toBe('to');
  });
});

describe('MetricQueries.listSeries', () => {
  it('pages through series in key order with an opaque cursor', async () => {
    const keys: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await models.queries.listSeries({ name: 'queue_depth', after, limit: 40 });
      pages++;
      keys.push(...page.items.map((s) => s.key));
      if (!page.next) break;
      after = page.next;
    }
    expect(pages).toBe(3);
    expect(keys).toHaveLength(MAX_SERIES_PER_QUERY + 1);
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('filters by name and label matchers, and lists every name without one', async () => {
    const small = await models.queries.listSeries({
      matchers: parseLabelMatchers(['pool=small']),
      limit: 100,
    });
    expect(small.items.map((s) => s.labels.worker)).toEqual(['000', '001', '002', '003', '004']);
    expect(small.next).toBeNull();
    const hostA = await models.queries.listSeries({
      name: 'response_time_ms',
      matchers: parseLabelMatchers(['host=a']),
      limit: 100,
    });
    expect(hostA.items).toEqual([
      {
        key: 'response_time_ms{host="a",service="api"}',
        name: 'response_time_ms',
        labels: { host: 'a', service: 'api' },
        lastValue: 95,
        lastAt: new Date(T0 + 9 * MINUTE + 30_000).toISOString(),
      },
      expect.objectContaining({ key: 'response_time_ms{host="a",service="web"}', lastValue: 1 }),
    ]);
    const all = await models.queries.listSeries({ limit: 1000 });
    expect(new Set(all.items.map((s) => s.name))).toEqual(new Set(['queue_depth', 'response_time_ms']));
  });

  it('refuses a cursor it did not make, a bad limit and a bad name', async () => {
    expect(
      (await refusal(() => models.queries.listSeries({ after: 'not a cursor!', limit: 10 }))).field,
    ).toBe('after');
    expect((await refusal(() => models.queries.listSeries({ limit: 0 }))).field).toBe('limit');
    expect((await refusal(() => models.queries.listSeries({ name: '9lives', limit: 10 }))).field).toBe(
      'name',
    );
    expect(decodeSeriesCursor(encodeSeriesCursor('a{b="é"}'))).toBe('a{b="é"}');
  });
});

describe('parseLabelMatchers', () => {
  it('reads key=value with = allowed in the value, and refuses what is not a matcher, naming label', () => {
    expect(parseLabelMatchers(['path=/a=b', 'service=web'])).toEqual([
      { label: 'path', value: '/a=b' },
      { label: 'service', value: 'web' },
    ]);
    for (const bad of [['service'], ['=web'], ['service='], ['__name__=x'], ['a=1', 'a=2'], ['bad-name=1']]) {
      let error: unknown;
      try {
        parseLabelMatchers(bad);
      } catch (e) {
        error = e;
      }
      expect(error, bad.join(' ')).toBeInstanceOf(MetricQueryError);
      expect((error as MetricQueryError).field).toBe('label');
    }
    expect(() => parseLabelMatchers(Array.from({ length: 21 }, (_, i) => `l${i}=v`))).toThrow(/at most 20/);
  });
});
