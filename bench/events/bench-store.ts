/**
 * The payload every benchmark event carries: a monitor check result of a realistic size.
 * (A type alias, not an interface, so that it is a Record for emmett's typings.)
 */
export type BenchEventData = {
  /** Sequence number within the workload; negative for handshake events. */
  n: number;
  /** performance.now() in the appending process when the event was handed to the store. */
  sentAt: number;
  checkId: string;
  status: 'passed' | 'failed';
  latencyMs: number;
  message: string;
};

export interface BenchEvent {
  type: string;
  data: BenchEventData;
}

/** A running asynchronous projection. */
export interface RunningProjection {
  stop(): Promise<void>;
}

/**
 * What the workloads need from an event store: the same few operations on Vigia and on the
 * anchor, each done the way that library intends.
 */
export interface BenchStore {
  /** Appends events to one stream without a concurrency check. */
  append(streamId: string, events: ReadonlyArray<BenchEvent>): Promise<void>;
  /**
   * Reads the global log from the start in pages of `pageSize` until its end, or until `visit`
   * returns false; returns how many events were visited.
   */
  readAll(pageSize: number, visit: (data: BenchEventData) => boolean): Promise<number>;
  /**
   * Starts an asynchronous projection from the end of the log: for each new event it writes a
   * row to its own table (committed with its checkpoint) and calls `seen` with the
   * performance.now() at which the handler received it (a batch's events arrive together).
   */
  startProjection(
    name: string,
    seen: (data: BenchEventData, receivedAt: number) => void,
  ): Promise<RunningProjection>;
  close(): Promise<void>;
}

export const EVENT_TYPE = 'monitor.check_completed';

/** A benchmark event numbered `n`, stamped with the current time. */
export function benchEvent(n: number): BenchEvent {
  const failed = n % 7 === 0;
  return {
    type: EVENT_TYPE,
    data: {
      n,
      sentAt: performance.now(),
      checkId: `http-api-${n % 50}`,
      status: failed ? 'failed' : 'passed',
      latencyMs: 20 + (n % 97) * 1.5,
      message: failed ? 'GET https://api.example.test/health returned 503 Service Unavailable' : 'ok',
    },
  };
}

/** `count` events numbered from `first`. */
export function benchEvents(first: number, count: number): BenchEvent[] {
  return Array.from({ length: count }, (_, i) => benchEvent(first + i));
}

/** The SQL both sides' projections write to (portable between SQLite and PostgreSQL). */
export const PROJECTION_TABLE_SQL =
  'CREATE TABLE IF NOT EXISTS bench_projection (position BIGINT PRIMARY KEY, check_id TEXT NOT NULL, n INTEGER NOT NULL)';
