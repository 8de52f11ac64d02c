import type { ResolvedTimeRange } from '../../ui/time-range.js';
import { stepStarts } from '../../ui/time-range.js';
import type { LatencyPoint } from './chart-data.js';

/** Uptime over a range: degraded checks count as up, as the API's uptime does. */
export interface RangeUptime {
  /** Percent of checks that were up or degraded; null without checks. */
  percent: number | null;
  checks: number;
  down: number;
}

/** One step of the uptime strip: the worst outcome of its checks, `none` without checks. */
export interface UptimeSegment {
  start: number;
  state: 'up' | 'degraded' | 'down' | 'none';
  checks: number;
  down: number;
}

/** The uptime of the checks in `points`. */
export function rangeUptime(points: readonly LatencyPoint[]): RangeUptime {
  let checks = 0;
  let down = 0;
  for (const point of points) {
    checks += point.up + point.degraded + point.down;
    down += point.down;
  }
  return { percent: checks === 0 ? null : ((checks - down) / checks) * 100, checks, down };
}

/** One segment per step of the range, coloured by the worst check in it. */
export function uptimeSegments(range: ResolvedTimeRange, points: readonly LatencyPoint[]): UptimeSegment[] {
  const byStart = new Map(points.map((p) => [Date.parse(p.minute), p]));
  return stepStarts(range).map((start) => {
    const p = byStart.get(start);
    const checks = p ? p.up + p.degraded + p.down : 0;
    const state = !p || checks === 0 ? 'none' : p.down > 0 ? 'down' : p.degraded > 0 ? 'degraded' : 'up';
    return { start, state, checks, down: p?.down ?? 0 };
  });
}

/** An uptime percentage as people read it: `100 %`, `99.95 %`, `—` without checks. */
export function formatPercent(percent: number | null | undefined): string {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return '—';
  if (percent === 100) return '100 %';
  const digits = percent >= 99 ? 2 : 1;
  return `${Math.min(percent, 99.99).toFixed(digits)} %`;
}
