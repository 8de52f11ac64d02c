import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../kernel/index.js';
import { LATENCY_RELATIVE_ERROR, LatencyHistogram } from './latency-histogram.js';
import { seededRandom } from './test-support.js';

const PERCENTILES = [0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 100];
/** Room for floating-point rounding on top of the documented bound. */
const TOLERANCE = LATENCY_RELATIVE_ERROR + 1e-12;

/** The nearest-rank percentile of sorted values: the ⌈p·n/100⌉-th smallest. */
function exactPercentile(sorted: number[], p: number): number {
  return sorted[Math.max(1, Math.ceil((p * sorted.length) / 100)) - 1]!;
}

function histogramOf(values: number[]): LatencyHistogram {
  const histogram = new LatencyHistogram();
  for (const value of values) histogram.record(value);
  return histogram;
}

const random = seededRandom(2026);
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const DATASETS: Record<string, number[]> = {
  'log-normal around 80 ms': Array.from({ length: 5000 }, () => Math.exp(Math.log(80) + 0.6 * normal())),
  'log-uniform from 0.1 ms to 10 min': Array.from({ length: 5000 }, () => 0.1 * 6_000_000 ** random()),
  'bimodal: cache hits and misses': Array.from({ length: 3000 }, (_, i) =>
    i % 10 === 0 ? 900 + 400 * random() : 2 + 3 * random(),
  ),
  'a minute of one check (12 results)': Array.from({ length: 12 }, () => 150 + 100 * random()),
  'identical values': Array.from({ length: 100 }, () => 42),
};

describe('LatencyHistogram percentiles', () => {
  for (const [name, values] of Object.entries(DATASETS)) {
    it(`stay within ${LATENCY_RELATIVE_ERROR * 100}% of the exact nearest-rank percentiles: ${name}`, () => {
      const sorted = [...values].sort((a, b) => a - b);
      const histogram = histogramOf(values);
      expect(histogram.count).toBe(values.length);
      for (const p of PERCENTILES) {
        const exact = exactPercentile(sorted, p);
        const estimate = histogram.percentile(p)!;
        expect(Math.abs(estimate - exact) / exact, `p${p}: ${estimate} vs ${exact}`).toBeLessThanOrEqual(
          TOLERANCE,
        );
      }
    });
  }

  it('holds the bound for every value above 0.1 ms up to 10 min, bucket edges included', () => {
    let worst = 0;
    const values = Array.from({ length: 20_000 }, (_, i) => 0.1 * 6_000_000 ** ((i + 1) / 20_000));
    values.push(...values.map((v) => v * (1 + Number.EPSILON)));
    for (const value of values) {
      // The middle rank of three, so neither exact min nor exact max answers.
      const estimate = histogramOf([0, value, 1e12]).percentile(50)!;
      worst = Math.max(worst, Math.abs(estimate - value) / value);
    }
    expect(worst).toBeLessThanOrEqual(TOLERANCE);
    // The buckets are not needlessly fine either: the bound is nearly reached.
    expect(worst).toBeGreaterThan(LATENCY_RELATIVE_ERROR * 0.95);
  });

  it('gives the exact min and max as p0 and p100, and the exact mean', () => {
    const histogram = histogramOf([12.3, 7.77, 480.1]);
    expect(histogram.percentile(0)).toBe(7.77);
    expect(histogram.percentile(100)).toBe(480.1);
    expect([histogram.min, histogram.max]).toEqual([7.77, 480.1]);
    expect(histogram.mean).toBeCloseTo((12.3 + 7.77 + 480.1) / 3, 10);
  });

  it('keeps sub-0.1 ms latencies within 0.05 ms and clamps to the exact range', () => {
    const histogram = histogramOf([0, 0.01, 0.02, 0.09]);
    for (const p of [25, 50, 75]) {
      const estimate = histogram.percentile(p)!;
      expect(estimate).toBeGreaterThanOrEqual(0);
      expect(estimate).toBeLessThanOrEqual(0.09);
    }
    expect(histogram.percentile(0)).toBe(0);
  });

  it('puts everything above 10 minutes in the top bucket, still bounded by the exact max', () => {
    const histogram = histogramOf([30 * 60_000, 45 * 60_000]);
    const p50 = histogram.percentile(50)!;
    expect(p50).toBeGreaterThanOrEqual(30 * 60_000);
    expect(p50).toBeLessThanOrEqual(45 * 60_000);
  });

  it('is undefined when empty', () => {
    const histogram = new LatencyHistogram();
    expect(histogram.count).toBe(0);
    expect([histogram.percentile(50), histogram.min, histogram.max, histogram.mean]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('refuses bad latencies and percentiles as caller bugs', () => {
    const histogram = new LatencyHistogram();
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => histogram.record(bad)).toThrow(RangeError);
    for (const bad of [-0.1, 100.1, Number.NaN]) expect(() => histogram.percentile(bad)).toThrow(RangeError);
    expect(histogram.count).toBe(0);
  });
});

describe('LatencyHistogram merge', () => {
  it('gives the same histogram as recording everything in one', () => {
    const values = DATASETS['log-normal around 80 ms']!;
    const minutes = [
      values.slice(0, 1000),
      values.slice(1000, 1001),
      values.slice(1001, 3000),
      values.slice(3000),
    ];
    const merged = new LatencyHistogram();
    for (const minute of minutes) merged.merge(histogramOf(minute));
    const whole = histogramOf(values);
    const { sum: mergedSum, ...mergedRest } = merged.toJSON();
    const { sum: wholeSum, ...wholeRest } = whole.toJSON();
    expect(mergedRest).toEqual(wholeRest);
    expect(mergedSum).toBeCloseTo(wholeSum, 6);
    for (const p of PERCENTILES) expect(merged.percentile(p)).toBe(whole.percentile(p));
  });

  it('merges empty histograms either way round', () => {
    const some = histogramOf([5, 10]);
    expect(new LatencyHistogram().merge(some).toJSON()).toEqual(some.toJSON());
    expect(histogramOf([5, 10]).merge(new LatencyHistogram()).toJSON()).toEqual(some.toJSON());
    expect(some.count).toBe(2);
  });
});

describe('LatencyHistogram JSON', () => {
  it('round-trips, as an object or as JSON text', () => {
    const histogram = histogramOf(DATASETS['bimodal: cache hits and misses']!);
    const json = histogram.toJSON();
    for (const restored of [
      LatencyHistogram.fromJSON(json),
      LatencyHistogram.fromJSON(JSON.stringify(json)),
    ]) {
      expect(restored.toJSON()).toEqual(json);
      expect(restored.count).toBe(histogram.count);
      for (const p of PERCENTILES) expect(restored.percentile(p)).toBe(histogram.percentile(p));
    }
  });

  it('is small enough for a SQL column', () => {
    // Mostly the 17-digit min, max and sum of random floats; bucket entries are a few bytes each.
    const minute = JSON.stringify(histogramOf(DATASETS['a minute of one check (12 results)']!));
    expect(minute.length).toBeLessThan(200);
    const wide = JSON.stringify(histogramOf(DATASETS['log-uniform from 0.1 ms to 10 min']!));
    expect(wide.length).toBeLessThan(4000);
  });

  it('has a fixed empty form', () => {
    expect(new LatencyHistogram().toJSON()).toEqual({ v: 1, min: 0, max: 0, sum: 0, buckets: {} });
    expect(LatencyHistogram.fromJSON({ v: 1, min: 0, max: 0, sum: 0, buckets: {} }).count).toBe(0);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['an array', []],
    ['a number', 5],
    ['text that is not JSON', '{"v":1,'],
    ['JSON text of the wrong shape', '"hello"'],
    ['another version', { v: 2, min: 0, max: 0, sum: 0, buckets: {} }],
    ['no version', { min: 0, max: 0, sum: 0, buckets: {} }],
    ['an unknown field', { v: 1, min: 0, max: 0, sum: 0, buckets: {}, count: 0 }],
    ['missing buckets', { v: 1, min: 0, max: 0, sum: 0 }],
    ['buckets as an array', { v: 1, min: 1, max: 1, sum: 1, buckets: [1] }],
    ['a negative min', { v: 1, min: -1, max: 1, sum: 1, buckets: { 1: 1 } }],
    ['a string max', { v: 1, min: 1, max: '2', sum: 1, buckets: { 1: 1 } }],
    ['min above max', { v: 1, min: 3, max: 2, sum: 5, buckets: { 1: 2 } }],
    ['a negative bucket index', { v: 1, min: 1, max: 1, sum: 1, buckets: { '-1': 1 } }],
    ['a fractional bucket index', { v: 1, min: 1, max: 1, sum: 1, buckets: { '1.5': 1 } }],
    ['a zero-padded bucket index', { v: 1, min: 1, max: 1, sum: 1, buckets: { '01': 1 } }],
    ['a bucket index past the top', { v: 1, min: 1, max: 1, sum: 1, buckets: { 314: 1 } }],
    ['a word as bucket index', { v: 1, min: 1, max: 1, sum: 1, buckets: { p99: 1 } }],
    ['a zero count', { v: 1, min: 1, max: 1, sum: 1, buckets: { 1: 0 } }],
    ['a fractional count', { v: 1, min: 1, max: 1, sum: 1, buckets: { 1: 1.5 } }],
    ['a string count', { v: 1, min: 1, max: 1, sum: 1, buckets: { 1: '1' } }],
    ['a total count past 2^53', { v: 1, min: 1, max: 2, sum: 3, buckets: { 1: 2 ** 53 - 1, 2: 2 } }],
    ['an empty histogram with a min', { v: 1, min: 5, max: 5, sum: 0, buckets: {} }],
  ])('refuses %s with a ValidationError', (_, json) => {
    expect(() => LatencyHistogram.fromJSON(json)).toThrow(ValidationError);
    expect(() => LatencyHistogram.fromJSON(json)).toThrow(/^Invalid latency histogram JSON: /);
  });

  it('refuses __proto__ tricks without polluting prototypes', () => {
    expect(() =>
      LatencyHistogram.fromJSON('{"v":1,"min":0,"max":0,"sum":0,"buckets":{"__proto__":1}}'),
    ).toThrow(ValidationError);
    expect(() =>
      LatencyHistogram.fromJSON('{"v":1,"min":0,"max":0,"sum":0,"buckets":{},"__proto__":{}}'),
    ).toThrow(ValidationError);
    expect(({} as Record<string, unknown>)[1]).toBeUndefined();
  });
});
