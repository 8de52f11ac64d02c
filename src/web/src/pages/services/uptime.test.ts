import { describe, expect, it } from 'vitest';
import { resolveTimeRange } from '../../ui/time-range.js';
import type { LatencyPoint } from './chart-data.js';
import { formatPercent, rangeUptime, uptimeSegments } from './uptime.js';

const at = (minute: string, up: number, degraded: number, down: number): LatencyPoint => ({
  minute,
  checks: up + degraded + down,
  up,
  degraded,
  down,
  p50: 1,
  p95: 1,
  p99: 1,
});

describe('rangeUptime', () => {
  it('counts degraded checks as up', () => {
    expect(rangeUptime([at('2026-01-01T00:00:00Z', 6, 1, 1), at('2026-01-01T00:01:00Z', 2, 0, 0)])).toEqual({
      percent: 90,
      checks: 10,
      down: 1,
    });
    expect(rangeUptime([]).percent).toBeNull();
  });
});

describe('uptimeSegments', () => {
  it('colours each step by its worst check, and steps without checks as none', () => {
    const range = resolveTimeRange('1h', Date.parse('2026-03-04T10:17:42Z'));
    const segments = uptimeSegments(range, [
      at('2026-03-04T09:18:00.000Z', 3, 0, 0),
      at('2026-03-04T09:19:00.000Z', 3, 1, 0),
      at('2026-03-04T09:20:00.000Z', 3, 1, 1),
    ]);
    expect(segments).toHaveLength(60);
    expect(segments.slice(0, 4).map((s) => s.state)).toEqual(['up', 'degraded', 'down', 'none']);
    expect(segments[2]).toMatchObject({ checks: 5, down: 1 });
  });
});

describe('formatPercent', () => {
  it('keeps the digits that matter near 100 and never rounds up to 100', () => {
    expect(formatPercent(100)).toBe('100 %');
    expect(formatPercent(99.999)).toBe('99.99 %');
    expect(formatPercent(99.95)).toBe('99.95 %');
    expect(formatPercent(87.25)).toBe('87.3 %');
    expect(formatPercent(null)).toBe('—');
  });
});
