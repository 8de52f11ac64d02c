/** Counts inside a breaker's window. */
export interface WindowTotals {
  calls: number;
  failures: number;
  slowCalls: number;
}

/** Decides from recent outcomes whether a closed circuit should open. Constant memory. */
export interface BreakerWindow {
  /** True when `record` and `shouldOpen` need the current time (time-based windows). */
  readonly needsTime: boolean;
  /**
   * Records one call's outcome and says whether the circuit should open now. A success that
   * is not slow can only matter when it brings the window up to its minimum number of calls,
   * so windows skip the threshold check otherwise (the breaker's hot path).
   */
  record(failed: boolean, slow: boolean, now: number): boolean;
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

/** True when `calls` outcomes with these failures and slow calls cross the thresholds (no allocation: hot path). */
export function crossesThresholds(
  calls: number,
  failures: number,
  slowCalls: number,
  thresholds: Required<RateThresholds>,
): boolean {
  if (calls === 0 || calls < thresholds.minimumCalls) return false;
  return (
    failures / calls >= thresholds.failureRateThreshold ||
    slowCalls / calls >= thresholds.slowCallRateThreshold
  );
}
