import { describe, expect, it } from 'vitest';
import { resolveTimeRange } from '../../ui/time-range.js';
import {
  bandColumns,
  isolatedIndexes,
  type LatencyPoint,
  largest,
  latencyColumns,
  withAlpha,
} from './chart-data.js';

const NOW = Date.parse('2026-03-04T10:17:42Z');
const range = resolveTimeRange('1h', NOW);
const point = (minute: string, p50: number | null): LatencyPoint => ({
  minute,
  checks: 1,
  up: 1,
  degraded: 0,
  down: 0,
  p50,
  p95: p50 === null ? null : p50 * 2,
  p99: p50 === null ? null : p50 * 3,
});

describe('latencyColumns', () => {
  it('puts each step at its place in the range and leaves gaps empty', () => {
    const columns = latencyColumns(range, [
      point('2026-03-04T09:18:00.000Z', 10),
      point('2026-03-04T10:17:00.000Z', 20),
    ]);
    const [xs, p50, p95, p99] = columns;
    expect(xs).toHaveLength(60);
    expect(xs[0]).toBe(Date.parse('2026-03-04T09:18:00Z') / 1000);
    expect(p50![0]).toBe(10);
    expect(p50![1]).toBeNull();
    expect(p50![59]).toBe(20);
    expect(p95![59]).toBe(40);
    expect(p99![59]).toBe(60);
    expect(largest(columns, 3)).toBe(60);
  });

  it('ignores points outside the range', () => {
    const [, p50] = latencyColumns(range, [point('2026-03-04T08:00:00.000Z', 5)]);
    expect(p50!.every((v) => v === null)).toBe(true);
  });
});

describe('bandColumns', () => {
  it('gives the values and a constant lower and upper edge at every step', () => {
    const [xs, values, lower, upper] = bandColumns(range, [{ t: '2026-03-04T10:00:00.000Z', value: 42 }], {
      lower: 10,
      upper: 50,
    });
    expect(values!.filter((v) => v !== null)).toEqual([42]);
    expect(lower).toHaveLength(xs.length);
    expect(new Set(lower)).toEqual(new Set([10]));
    expect(new Set(upper)).toEqual(new Set([50]));
  });
});

describe('isolatedIndexes', () => {
  it('finds the values a line cannot draw: those between gaps or at an edge beside one', () => {
    expect(isolatedIndexes([5, null, 3, 4, null, 7])).toEqual([0, 5]);
    expect(isolatedIndexes([null, 1, null])).toEqual([1]);
    expect(isolatedIndexes([1, 2, 3])).toEqual([]);
    expect(isolatedIndexes([])).toEqual([]);
  });
});

describe('withAlpha', () => {
  it('turns a computed colour into a translucent one', () => {
    expect(withAlpha('rgb(10, 20, 30)', 0.2)).toBe('rgba(10, 20, 30, 0.2)');
    expect(withAlpha('rgba(10, 20, 30, 1)', 0.5)).toBe('rgba(10, 20, 30, 0.5)');
    expect(withAlpha('red', 0.5)).toBe('red');
  });
});
