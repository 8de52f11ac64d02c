/** Counts inside a breaker's window. */
export interface WindowTotals {
  calls: number;
  failures: number;
  slowCalls: number;
}

/** Decides from recent outcomes whether a closed circuit should open. Constant memory. */
export interface BreakerWindow {
  record(failed: boolean, slow: boolean, now: number): void;
  /** True when the recorded outcomes cross the window's thresholds. */
  shouldOpen(now: number): boolean;
  totals(now: number): WindowTotals;
  reset(): void;
}

/** Thresholds shared by the rate-based windows. */
export interface RateThresholds {
  /** Calls needed in the window before it judges at all. Default 10. */
  minimumCalls?: number;
  /** Open when failures / calls reaches this (0..1). Default 0.5. */
  failureRateThreshold?: number;
  /** Open when slow calls / calls reaches this (0..1). Default 1 (only when every call is slow). */
  slowCallRateThreshold?: number;
}

export function crossesThresholds(totals: WindowTotals, thresholds: Required<RateThresholds>): boolean {
  if (totals.calls === 0 || totals.calls < thresholds.minimumCalls) return false;
  return (
    totals.failures / totals.calls >= thresholds.failureRateThreshold ||
    totals.slowCalls / totals.calls >= thresholds.slowCallRateThreshold
  );
}
