import { describe, expect, it } from 'vitest';
import { resolveTimeRange, stepFor, stepStarts, TIME_RANGES, timeRangeName } from './time-range.js';

const NOW = Date.parse('2026-03-04T10:17:42.500Z');

describe('timeRangeName', () => {
  it('reads a known range from the address and falls back to the last hour', () => {
    expect(timeRangeName('7d')).toBe('7d');
    expect(timeRangeName('24h')).toBe('24h');
    expect(timeRangeName('2y')).toBe('1h');
    expect(timeRangeName(null)).toBe('1h');
  });
});

describe('stepFor', () => {
  it('picks the smallest round step that keeps the points under the limit', () => {
    expect(stepFor(60)).toBe(1);
    expect(stepFor(360)).toBe(2);
    expect(stepFor(1440)).toBe(5);
    expect(stepFor(10_080)).toBe(60);
    expect(stepFor(60, 20)).toBe(5);
    expect(stepFor(1_000_000)).toBe(3 * 1440);
  });
});

describe('resolveTimeRange', () => {
  it('ends after the current minute and starts on a step boundary', () => {
    const range = resolveTimeRange('1h', NOW);
    expect(range.to).toBe('2026-03-04T10:18:00.000Z');
    expect(range.from).toBe('2026-03-04T09:18:00.000Z');
    expect(range.stepMinutes).toBe(1);

    const day = resolveTimeRange('24h', NOW);
    expect(day.stepMinutes).toBe(5);
    expect(day.from).toBe('2026-03-03T10:15:00.000Z');
    expect(day.fromMs % (5 * 60_000)).toBe(0);
  });

  it('keeps every range at 300 points or fewer, covering the whole span', () => {
    for (const { name, minutes } of TIME_RANGES) {
      const range = resolveTimeRange(name, NOW);
      const starts = stepStarts(range);
      expect(starts.length, name).toBeLessThanOrEqual(301);
      expect(range.toMs - range.fromMs, name).toBeGreaterThanOrEqual(minutes * 60_000);
      expect(starts[0]).toBe(range.fromMs);
      expect(starts.at(-1)! + range.stepMinutes * 60_000).toBeGreaterThanOrEqual(range.toMs);
    }
  });
});
