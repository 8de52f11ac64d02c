/** How much load each case of the API benchmark offers, and for how long. */
export interface Settings {
  /** Measured rounds per contender; medians are taken over them. */
  rounds: number;
  /** Length of one measured round. */
  roundSeconds: number;
  /** Length of the unmeasured warm-up round before each case. */
  warmupSeconds: number;
  /** Concurrent keep-alive connections (one request in flight on each). */
  connections: number;
  /** Streams the appends rotate over. */
  streams: number;
}

/** About 5 s of load per case, under 45 s in all, the same comparisons as the full run. */
export const QUICK: Settings = {
  rounds: 3,
  roundSeconds: 1.5,
  warmupSeconds: 0.75,
  connections: 50,
  streams: 1000,
};

/** 20 s of load per case. */
export const FULL: Settings = {
  rounds: 5,
  roundSeconds: 4,
  warmupSeconds: 2,
  connections: 50,
  streams: 1000,
};

/** Targets copied from the issue. */
export const TARGETS = {
  /** Authenticated reads: at least half of bare Fastify's requests per second. */
  readRatio: 0.5,
  appendsPerSecond: 5000,
  appendP99Ms: 20,
} as const;
