import { describe, expect, it } from 'vitest';
import type { SeriesSelection } from '../definition/rule-compile.js';
import { aggregateAt } from './aggregate.js';
import { MAX_SAMPLES_PER_SERIES, SampleBuffer } from './sample-buffer.js';

function selection(
  aggregate: SeriesSelection['aggregate'],
  windowMs: number,
  percentile?: number,
): SeriesSelection {
  return { series: 's', matchers: [], aggregate, windowMs, staleMs: 300_000, percentile };
}

/** Samples at 10 s, 20 s … with the given values. */
function buffer(values: number[], retentionMs = 3_600_000): SampleBuffer {
  const samples = new SampleBuffer();
  values.forEach((value, i) => {
    samples.push((i + 1) * 10_000, value, (i + 1) * 10_000 - retentionMs);
  });
  return samples;
}

describe('aggregateAt', () => {
  const samples = buffer([4, 8, 6, 2, 10]); // at 10 s … 50 s

  it('aggregates the samples in (t - window, t]', () => {
    // Window (20 s, 50 s]: 6, 2, 10.
    expect(aggregateAt(samples, selection('avg', 30_000), 50_000)).toBe(6);
    expect(aggregateAt(samples, selection('sum', 30_000), 50_000)).toBe(18);
    expect(aggregateAt(samples, selection('min', 30_000), 50_000)).toBe(2);
    expect(aggregateAt(samples, selection('max', 30_000), 50_000)).toBe(10);
    expect(aggregateAt(samples, selection('count', 30_000), 50_000)).toBe(3);
    // As of 35 s: (5 s, 35 s] holds 4, 8, 6.
    expect(aggregateAt(samples, selection('avg', 30_000), 35_000)).toBe(6);
  });

  it('takes last as the newest sample at or before t, whatever the window', () => {
    expect(aggregateAt(samples, selection('last', 0), 50_000)).toBe(10);
    expect(aggregateAt(samples, selection('last', 0), 45_000)).toBe(2);
    expect(aggregateAt(samples, selection('last', 0), 5_000)).toBeUndefined();
  });

  it('has no value for an empty window, except count which is 0', () => {
    expect(aggregateAt(samples, selection('avg', 5_000), 59_000)).toBeUndefined();
    expect(aggregateAt(samples, selection('count', 5_000), 59_000)).toBe(0);
  });

  it('uses nearest-rank percentiles', () => {
    const hundred = buffer(Array.from({ length: 100 }, (_, i) => 100 - i));
    const all = 2_000_000;
    expect(aggregateAt(hundred, selection('percentile', all, 95), 1_000_000)).toBe(95);
    expect(aggregateAt(hundred, selection('percentile', all, 50), 1_000_000)).toBe(50);
    expect(aggregateAt(hundred, selection('percentile', all, 100), 1_000_000)).toBe(100);
    expect(aggregateAt(hundred, selection('percentile', all, 0.1), 1_000_000)).toBe(1);
  });

  it('computes rate per second and treats a drop as a counter reset', () => {
    // 100 → 160 → 220 over 20 s: 6 per second.
    expect(aggregateAt(buffer([100, 160, 220]), selection('rate', 60_000), 30_000)).toBe(6);
    // 100 → 160, reset to 0 → 40: increase 60 + 40 over 20 s.
    expect(aggregateAt(buffer([100, 160, 40]), selection('rate', 60_000), 30_000)).toBe(5);
    expect(aggregateAt(buffer([100]), selection('rate', 60_000), 10_000)).toBeUndefined();
  });

  it('keeps only the retention and at most MAX_SAMPLES_PER_SERIES samples', () => {
    const short = buffer([1, 2, 3, 4], 15_000);
    expect(short.size).toBe(2);
    const many = new SampleBuffer();
    for (let i = 1; i <= MAX_SAMPLES_PER_SERIES + 5; i++) many.push(i, i, Number.NEGATIVE_INFINITY);
    expect(many.size).toBe(MAX_SAMPLES_PER_SERIES);
    expect(many.timeAt(0)).toBe(6);
    expect(aggregateAt(many, selection('count', 1e9), 1e9)).toBe(MAX_SAMPLES_PER_SERIES);
  });
});
