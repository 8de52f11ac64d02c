/** How much work each part of the events benchmark does. */
export interface Settings {
  /** Measured rounds per contender; medians are taken over them. */
  rounds: number;
  /** Length of one measured throughput round per contender. */
  roundMs: number;
  /** Length of the unmeasured warm-up round before each throughput metric. */
  warmupMs: number;
  /** Events in the log that is read end to end (throughput and memory). */
  logEvents: number;
  /** A read round stops here even before the end of the log (emmett-postgresql's reads slow down as it grows). */
  readMaxMs: number;
  pageSize: number;
  batchSize: number;
  writers: number;
  /** Streams the one-event appends rotate over. */
  singleStreams: number;
  /** Events per latency round, appended `latencyIntervalMs` apart. */
  latencyEvents: number;
  latencyIntervalMs: number;
  /** How long a latency round waits for its last events to reach the projection. */
  latencyDrainMs: number;
}

/** Under 45 s in all, the same comparisons as the full run. */
export const QUICK: Settings = {
  rounds: 3,
  roundMs: 200,
  warmupMs: 100,
  // Filling four stores on two cores is most of the quick run's preparation: a smaller log.
  logEvents: 50_000,
  readMaxMs: 1000,
  pageSize: 1000,
  batchSize: 100,
  writers: 16,
  singleStreams: 1000,
  latencyEvents: 60,
  latencyIntervalMs: 3,
  latencyDrainMs: 3000,
};

/** A few minutes. */
export const FULL: Settings = {
  rounds: 5,
  roundMs: 1000,
  warmupMs: 300,
  logEvents: 1_000_000,
  readMaxMs: 10_000,
  pageSize: 1000,
  batchSize: 100,
  writers: 16,
  singleStreams: 1000,
  latencyEvents: 300,
  latencyIntervalMs: 2,
  latencyDrainMs: 5000,
};

/** Targets copied from the issue. */
export interface Targets {
  appendSingle?: number;
  appendBatch?: number;
  latencyP99Ms: number;
  /** Every throughput: at least this many times the anchor's on the same backend. */
  throughputRatio: number;
}

export const SQLITE_TARGETS: Targets = {
  appendSingle: 20_000,
  appendBatch: 150_000,
  latencyP99Ms: 5,
  throughputRatio: 2,
};

export const POSTGRES_TARGETS: Targets = { appendBatch: 50_000, latencyP99Ms: 5, throughputRatio: 2 };
