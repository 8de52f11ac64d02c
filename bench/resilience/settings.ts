/** How much work each part of the resilience benchmark does. */
export interface Settings {
  /** Measured rounds per contender; medians are taken over them (≥ 3 quick, ≥ 5 full). */
  rounds: number;
  /** Target length of one measured round (its call count is fixed from the warm-up's rate). */
  roundMs: number;
  /** Length of the unmeasured warm-up before each contender's first round. */
  warmupMs: number;
  /** Calls made against one breaker before its heap is measured (the 1,000,000). */
  memoryCalls: number;
  /** Measured memory rounds per library, each with a fresh breaker. */
  memoryRounds: number;
}

/** Under 45 s in all, the same comparisons as the full run. */
export const QUICK: Settings = {
  // Five short rounds rather than three long ones: on a shared machine, a median of five shrugs
  // off two rounds disturbed by a neighbour.
  rounds: 5,
  roundMs: 100,
  warmupMs: 100,
  memoryCalls: 1_000_000,
  memoryRounds: 3,
};

/** A few minutes. */
export const FULL: Settings = {
  rounds: 5,
  roundMs: 1000,
  warmupMs: 500,
  memoryCalls: 1_000_000,
  memoryRounds: 5,
};

/** Calls kept outstanding in the concurrent variant of each throughput metric. */
export const IN_FLIGHT = 100;

/** Length of the time-based breaker windows (the memory metric's "10-second time window"). */
export const TIME_WINDOW_MS = 10_000;

/** Targets copied from the issue. */
export const TARGETS = {
  /** Every policy's calls/s: at least this many times cockatiel's. */
  throughputRatio: 2,
  /** The timeout policy's calls/s: at least this many times cockatiel's. */
  timeoutRatio: 20,
  /** A rejection while the circuit is open: at least this many times cheaper than cockatiel's. */
  openRejectionRatio: 5,
  /** Heap held by one time-window breaker after 1,000,000 calls, in MB (lower is better). */
  breakerMemoryMb: 1,
} as const;
