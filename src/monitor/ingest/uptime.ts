const MINUTE_MS = 60_000;

/** How many check results had each status. */
export interface StatusCounts {
  up: number;
  degraded: number;
  down: number;
}

/** The status counts of one series in one minute; `minute` is the minute's start in epoch ms. */
export interface MinuteStatusCounts extends StatusCounts {
  minute: number;
}

/** A half-open time window [fromMs, toMs) in epoch ms. */
export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

/**
 * Percentage (0..100, unrounded: rounding is for display) of results that were up or degraded. Degraded
 * counts as up because the service answered, only slowly or with a warning; slowness shows in latency and
 * in the degraded count itself. Undefined with no results: no data is not 100% uptime.
 */
export function uptimePercent(counts: StatusCounts): number | undefined {
  assertCounts(counts);
  const total = counts.up + counts.degraded + counts.down;
  if (total === 0) return undefined;
  return ((counts.up + counts.degraded) / total) * 100;
}

/**
 * Sums per-minute status counts over `window`. A minute counts whole when it overlaps the window at all,
 * since a minute's counts cannot be split; `minutes` is how many minutes had a row, to tell gaps from calm.
 */
export function combineMinuteStatusCounts(
  rows: Iterable<MinuteStatusCounts>,
  window: TimeWindow,
): StatusCounts & { minutes: number } {
  const total = { up: 0, degraded: 0, down: 0, minutes: 0 };
  for (const row of rows) {
    if (row.minute >= window.toMs || row.minute + MINUTE_MS <= window.fromMs) continue;
    assertCounts(row);
    total.up += row.up;
    total.degraded += row.degraded;
    total.down += row.down;
    total.minutes++;
  }
  return total;
}

function assertCounts(counts: StatusCounts): void {
  for (const status of ['up', 'degraded', 'down'] as const) {
    const count = counts[status];
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`the ${status} count must be a whole number ≥ 0, got ${count}`);
    }
  }
}
