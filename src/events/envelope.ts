/** Metadata every event may carry; unknown keys are kept as written. */
export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  /** Who caused the event: a user name, `token:<id>`, or `system:<module>`. */
  actor?: string;
  traceId?: string;
  /** Version of the payload schema for this event type; 1 when absent. */
  schemaVersion?: number;
  [key: string]: unknown;
}

/** An event as a caller hands it to the store. */
export interface EventToAppend<TData = unknown> {
  /** Event id; a UUIDv7 is generated when absent. Re-appending a stored id is an idempotent no-op. */
  id?: string;
  /** Past-tense, module-prefixed name, e.g. `monitor.check_failed`. */
  type: string;
  data: TData;
  metadata?: EventMetadata;
}

/** An event as the store recorded it. */
export interface RecordedEvent<TData = unknown> {
  /** Position in the global log: unique and increasing in commit order on SQLite (gap-free there until compaction). */
  position: number;
  streamId: string;
  /** 1 for a stream's first event. */
  streamVersion: number;
  id: string;
  type: string;
  time: Date;
  data: TData;
  metadata: EventMetadata;
  /**
   * PostgreSQL only: the id of the transaction that wrote the event. The global log is
   * ordered by (transactionId, position) there, which is commit-safe.
   */
  transactionId?: string;
}

/**
 * What the writer expects of the stream before the append:
 * `any` (no check), `no-stream` (must not exist), `exists` (must exist), or the exact current version.
 */
export type ExpectedVersion = 'any' | 'no-stream' | 'exists' | number;

export interface AppendOptions {
  expectedVersion?: ExpectedVersion;
}

/** One stream's part of an append. */
export interface StreamAppend {
  streamId: string;
  events: ReadonlyArray<EventToAppend>;
  expectedVersion?: ExpectedVersion;
}

export interface AppendResult {
  streamId: string;
  /** The stream's version after the append (its last event's version). */
  nextExpectedVersion: number;
  /** Global positions of the appended events, in order. */
  positions: number[];
  /** Event ids, in order (generated ones included). */
  eventIds: string[];
  /** True when every event was already stored: nothing was written, original positions returned. */
  duplicate: boolean;
}

/**
 * Where to continue reading the global log from (exclusive). `position` alone is enough on
 * SQLite; PostgreSQL consumers also keep the transaction id (see RecordedEvent.transactionId).
 */
export interface LogCheckpoint {
  position: number;
  transactionId?: string;
}

export const LOG_START: LogCheckpoint = { position: 0 };

/** The checkpoint just after `event`. */
export function checkpointOf(event: RecordedEvent): LogCheckpoint {
  return event.transactionId === undefined
    ? { position: event.position }
    : { position: event.position, transactionId: event.transactionId };
}

/** Orders two checkpoints in log order (by transaction id first where both carry one). */
export function compareCheckpoints(a: LogCheckpoint, b: LogCheckpoint): number {
  if (a.transactionId !== undefined && b.transactionId !== undefined && a.transactionId !== b.transactionId) {
    return BigInt(a.transactionId) < BigInt(b.transactionId) ? -1 : 1;
  }
  return a.position - b.position;
}

/** The later of two checkpoints. */
export function laterCheckpoint(a: LogCheckpoint, b: LogCheckpoint): LogCheckpoint {
  return compareCheckpoints(a, b) >= 0 ? a : b;
}

/** Filters for reading the global log; all optional, combined with AND. */
export interface LogFilter {
  /** Event types starting with any of these (e.g. `monitor.`). */
  typePrefixes?: ReadonlyArray<string>;
  /** Stream ids starting with any of these (e.g. `monitor-`). */
  streamPrefixes?: ReadonlyArray<string>;
  /** Events recorded at or after this time. */
  fromTime?: Date;
  /** Events recorded before this time. */
  toTime?: Date;
  /** Events whose `metadata.correlationId` is exactly this (an alert's whole chain: its id). */
  correlationId?: string;
}

export interface ReadAllOptions {
  /** Read events after this checkpoint; the start of the log when absent. */
  after?: LogCheckpoint;
  filter?: LogFilter;
  /** Rows fetched per page; memory stays bounded by it. Default 1000. */
  pageSize?: number;
  /** Stop after this many events. */
  maxCount?: number;
}

export interface ReadStreamOptions {
  direction?: 'forward' | 'backward';
  /** First version to read (inclusive): default 1 forward, the last version backward. */
  fromVersion?: number;
  maxCount?: number;
}

export interface StoreStats {
  backend: 'sqlite' | 'postgres';
  events: number;
  streams: number;
  headPosition: number;
  /** Bytes on disk (SQLite file + WAL) or the table's size (PostgreSQL). */
  sizeBytes: number;
  eventTypes: Array<{ type: string; count: number }>;
}
