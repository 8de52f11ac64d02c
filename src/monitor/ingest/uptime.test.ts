import { describe, expect, it } from 'vitest';
import { combineMinuteStatusCounts, type MinuteStatusCounts, uptimePercent } from './uptime.js';

const T = Date.parse('2026-11-22T10:00:00Z');
const MINUTE = 60_000;

describe('uptimePercent', () => {
  it('counts degraded as up', () => {
    expect(uptimePercent({ up: 90, degraded: 5, down: 5 })).toBe(95);
    expect(uptimePercent({ up: 0, degraded: 3, down: 0 })).toBe(100);
    expect(uptimePercent({ up: 0, degraded: 0, down: 4 })).toBe(0);
  });

  it('does not round', () => {
    expect(uptimePercent({ up: 2, degraded: 0, down: 1 })).toBeCloseTo(66.6667, 4);
    expect(uptimePercent({ up: 99_999, degraded: 0, down: 1 })).toBeCloseTo(99.999, 10);
  });

  it('is undefined without any result: no data is not 100%', () => {
    expect(uptimePercent({ up: 0, degraded: 0, down: 0 })).toBeUndefined();
  });

  it('refuses counts that are negative, fractional or not numbers', () => {
    expect(() => uptimePercent({ up: -1, degraded: 0, down: 0 })).toThrow(RangeError);
    expect(() => uptimePercent({ up: 1.5, degraded: 0, down: 0 })).toThrow(RangeError);
    expect(() => uptimePercent({ up: 1, degraded: Number.NaN, down: 0 })).toThrow(/degraded count/);
  });
});

describe('combineMinuteStatusCounts', () => {
  const rows: MinuteStatusCounts[] = [
    { minute: T - MINUTE, up: 100, degraded: 0, down: 100 },
    { minute: T, up: 1, degraded: 0, down: 0 },
    { minute: T + MINUTE, up: 0, degraded: 1, down: 0 },
    { minute: T + 3 * MINUTE, up: 0, degraded: 0, down: 1 },
    { minute: T + 4 * MINUTE, up: 100, degraded: 100, down: 100 },
  ];

  it('sums the minutes inside a half-open window and counts them', () => {
    const total = combineMinuteStatusCounts(rows, { fromMs: T, toMs: T + 4 * MINUTE });
    expect(total).toEqual({ up: 1, degraded: 1, down: 1, minutes: 3 });
    expect(uptimePercent(total)).toBeCloseTo(66.6667, 4);
  });

  it('counts a minute whole when the window covers part of it', () => {
    expect(combineMinuteStatusCounts(rows, { fromMs: T + 30_000, toMs: T + MINUTE + 1 })).toEqual({
      up: 1,
      degraded: 1,
      down: 0,
      minutes: 2,
    });
  });

  it('leaves out a minute that only touches the window edge', () => {
    expect(combineMinuteStatusCounts(rows, { fromMs: T + MINUTE * 2, toMs: T + MINUTE * 3 })).toEqual({
      up: 0,
      degraded: 0,
      down: 0,
      minutes: 0,
    });
  });

  it('reads any iterable, such as a generator over SQL rows', () => {
    function* generate() {
      for (let i = 0; i < 60; i++) yield { minute: T + i * MINUTE, up: 3, degraded: 0, down: i < 6 ? 1 : 0 };
    }
    const total = combineMinuteStatusCounts(generate(), { fromMs: T, toMs: T + 60 * MINUTE });
    expect(total).toEqual({ up: 180, degraded: 0, down: 6, minutes: 60 });
    expect(uptimePercent(total)).toBeCloseTo((180 / 186) * 100, 10);
  });

  it('refuses a bad row inside the window', () => {
    expect(() =>
      combineMinuteStatusCounts([{ minute: T, up: -2, degraded: 0, down: 0 }], {
        fromMs: T,
        toMs: T + MINUTE,
      }),
    ).toThrow(RangeError);
  });
});
