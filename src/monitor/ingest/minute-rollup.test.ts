import { describe, expect, it } from 'vitest';
import type { MetricSample } from './metric-sample.js';
import { floorToMinute, MinuteRollup, rollupSamples, seriesKey } from './minute-rollup.js';

const T = Date.parse('2026-11-22T10:00:00Z');

describe('floorToMinute', () => {
  it('floors to the start of the UTC minute', () => {
    expect(floorToMinute(T)).toBe(T);
    expect(floorToMinute(T + 59_999)).toBe(T);
    expect(floorToMinute(T + 60_000)).toBe(T + 60_000);
    expect(floorToMinute(T - 1)).toBe(T - 60_000);
  });

  it('floors towards minus infinity before 1970', () => {
    expect(floorToMinute(-1)).toBe(-60_000);
    expect(floorToMinute(-60_000)).toBe(-60_000);
    expect(floorToMinute(0)).toBe(0);
  });
});

describe('seriesKey', () => {
  it('is the bare name without labels', () => {
    expect(seriesKey('cpu_percent', {})).toBe('cpu_percent');
  });

  it('sorts labels so their order does not matter', () => {
    expect(seriesKey('a', { zone: 'eu', service: 'api', Z: 'upper' })).toBe(
      'a{Z="upper",service="api",zone="eu"}',
    );
    expect(seriesKey('a', { b: '2', a: '1' })).toBe(seriesKey('a', { a: '1', b: '2' }));
  });

  it('leaves out empty values, which Prometheus treats as absent labels', () => {
    expect(seriesKey('a', { x: '', y: '1' })).toBe(seriesKey('a', { y: '1' }));
    expect(seriesKey('a', { x: '' })).toBe('a');
  });

  it('escapes values so different label sets never share a key', () => {
    expect(seriesKey('a', { x: 'say "hi"\\\n' })).toBe('a{x="say \\"hi\\"\\\\\\n"}');
    const tricky: Array<Record<string, string>> = [
      { x: '1",y="2' },
      { x: '1', y: '2' },
      { x: '1\\', y: '2' },
      { x: '1\\",y=\\"2' },
      { x: '1\n' },
      { x: '1\\n' },
    ];
    const keys = new Set(tricky.map((labels) => seriesKey('a', labels)));
    expect(keys.size).toBe(tricky.length);
  });

  it('orders by code unit, not by locale', () => {
    expect(seriesKey('a', { b: '1', B: '1', _: '1', a: '1' })).toBe('a{B="1",_="1",a="1",b="1"}');
  });
});

describe('MinuteRollup', () => {
  it('keeps count, sum, min, max and the last value', () => {
    const rollup = new MinuteRollup(5, T + 1000)
      .add(2, T + 2000)
      .add(9, T + 3000)
      .add(4, T + 4000);
    expect(rollup.toJSON()).toEqual({ count: 4, sum: 20, min: 2, max: 9, last: 4, lastTimestamp: T + 4000 });
    expect(rollup.mean).toBe(5);
    expect([rollup.count, rollup.sum, rollup.min, rollup.max, rollup.last, rollup.lastTimestamp]).toEqual([
      4,
      20,
      2,
      9,
      4,
      T + 4000,
    ]);
  });

  it('takes last by timestamp, not arrival, and the later arrival on a tie', () => {
    const rollup = new MinuteRollup(1, T + 5000).add(2, T + 1000);
    expect([rollup.last, rollup.lastTimestamp]).toEqual([1, T + 5000]);
    rollup.add(3, T + 5000);
    expect([rollup.last, rollup.lastTimestamp]).toEqual([3, T + 5000]);
  });

  it('merges to the same result as adding every value to one rollup', () => {
    const values = [3, -1, 8, 8, 0.5, 12, -4, 7];
    const all = new MinuteRollup(values[0]!, T);
    for (const [i, v] of values.slice(1).entries()) all.add(v, T + (i + 1) * 100);
    const left = new MinuteRollup(values[0]!, T);
    for (const [i, v] of values.slice(1, 4).entries()) left.add(v, T + (i + 1) * 100);
    const right = new MinuteRollup(values[4]!, T + 400);
    for (const [i, v] of values.slice(5).entries()) right.add(v, T + (i + 5) * 100);
    expect(left.merge(right).toJSON()).toEqual(all.toJSON());
    expect(right.toJSON()).toEqual({
      count: 4,
      sum: 15.5,
      min: -4,
      max: 12,
      last: 7,
      lastTimestamp: T + 700,
    });
  });

  it('keeps its own last when the other rollup is older', () => {
    const newer = new MinuteRollup(1, T + 9000);
    newer.merge(new MinuteRollup(2, T + 1000));
    expect([newer.last, newer.lastTimestamp, newer.count]).toEqual([1, T + 9000, 2]);
  });

  it('refuses NaN and infinities, which would poison every aggregate', () => {
    expect(() => new MinuteRollup(Number.NaN, T)).toThrow(RangeError);
    expect(() => new MinuteRollup(1, T).add(Number.POSITIVE_INFINITY, T)).toThrow(RangeError);
    expect(() => new MinuteRollup(1, Number.NaN)).toThrow(RangeError);
  });

  it('serializes as its plain fields', () => {
    expect(JSON.parse(JSON.stringify(new MinuteRollup(1.5, T)))).toEqual({
      count: 1,
      sum: 1.5,
      min: 1.5,
      max: 1.5,
      last: 1.5,
      lastTimestamp: T,
    });
  });
});

describe('rollupSamples', () => {
  const sample = (value: number, timestamp: number, labels: Record<string, string> = {}): MetricSample => ({
    name: 'cpu_percent',
    value,
    labels,
    timestamp,
  });

  it('groups by series (whatever the label order) and by minute', () => {
    const rollups = rollupSamples([
      sample(10, T + 1000, { service: 'api', zone: 'eu' }),
      sample(20, T + 59_999, { zone: 'eu', service: 'api' }),
      sample(30, T + 60_000, { service: 'api', zone: 'eu' }),
      sample(40, T + 5000, { service: 'web' }),
      sample(50, T + 2000),
    ]);
    expect([...rollups.keys()]).toEqual([
      'cpu_percent{service="api",zone="eu"}',
      'cpu_percent{service="web"}',
      'cpu_percent',
    ]);
    const api = rollups.get('cpu_percent{service="api",zone="eu"}')!;
    expect([...api.keys()]).toEqual([T, T + 60_000]);
    expect(api.get(T)?.toJSON()).toEqual({
      count: 2,
      sum: 30,
      min: 10,
      max: 20,
      last: 20,
      lastTimestamp: T + 59_999,
    });
    expect(api.get(T + 60_000)?.count).toBe(1);
    expect(rollups.get('cpu_percent{service="web"}')?.get(T)?.sum).toBe(40);
    expect(rollups.get('cpu_percent')?.get(T)?.last).toBe(50);
  });

  it('keeps series with different names apart', () => {
    const rollups = rollupSamples([
      { name: 'a', value: 1, labels: {}, timestamp: T },
      { name: 'b', value: 2, labels: {}, timestamp: T },
    ]);
    expect(rollups.size).toBe(2);
  });

  it('returns an empty map for no samples', () => {
    expect(rollupSamples([]).size).toBe(0);
  });

  it('matches a direct computation on many out-of-order samples', () => {
    const samples: MetricSample[] = [];
    for (let i = 0; i < 1000; i++) {
      samples.push(sample((i * 37) % 101, T + ((i * 7919) % 300_000), { service: `s${i % 3}` }));
    }
    const rollups = rollupSamples(samples);
    for (const [key, byMinute] of rollups) {
      for (const [minute, rollup] of byMinute) {
        const inMinute = samples.filter(
          (s) => seriesKey(s.name, s.labels) === key && floorToMinute(s.timestamp) === minute,
        );
        const values = inMinute.map((s) => s.value);
        const latest = Math.max(...inMinute.map((s) => s.timestamp));
        expect(rollup.count).toBe(values.length);
        expect(rollup.sum).toBe(values.reduce((a, b) => a + b, 0));
        expect(rollup.min).toBe(Math.min(...values));
        expect(rollup.max).toBe(Math.max(...values));
        expect(rollup.lastTimestamp).toBe(latest);
        expect(rollup.last).toBe(inMinute.findLast((s) => s.timestamp === latest)?.value);
      }
    }
    expect(
      [...rollups.values()].reduce((n, m) => n + [...m.values()].reduce((k, r) => k + r.count, 0), 0),
    ).toBe(1000);
  });
});
