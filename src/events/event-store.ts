import type { CompactOptions, CompactResult } from './compaction.js';
import type {
  AppendOptions,
  AppendResult,
  EventToAppend,
  LogCheckpoint,
  LogFilter,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoreStats,
  StreamAppend,
} from './envelope.js';
import type { SqlTransaction, StoreTransaction } from './sql-transaction.js';

/** A read model updated in the same transaction as the append that caused it. */
export interface InlineProjection {
  readonly name: string;
  /** Only events whose type starts with one of these reach `apply`; all events when absent. */
  readonly eventTypePrefixes?: ReadonlyArray<string>;
  /** Creates its tables; called once when registered. */
  setup?(tx: SqlTransaction): Promise<void>;
  /** Applies freshly appended events. Throwing rolls the append back and rejects it. */
  apply(events: ReadonlyArray<RecordedEvent>, tx: SqlTransaction): Promise<void>;
}

/**
 * The event log. Both backends (SQLite, PostgreSQL) implement it and pass the same
 * contract test suite (test/event-store.contract.ts).
 */
export interface EventStore {
  readonly backend: 'sqlite' | 'postgres';
  /** Appends events to one stream atomically, checking the expected version. */
  appendToStream(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /** Appends to several streams in one transaction: all are written or none. */
  appendToStreams(appends: ReadonlyArray<StreamAppend>): Promise<AppendResult[]>;
  /** Reads one stream forward or backward. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The stream's current version; 0 when it does not exist. */
  streamVersion(streamId: string): Promise<number>;
  /** Reads the global log page by page: memory stays bounded however long the log. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /** One page of the global log after `after`, in log order: the building block of subscriptions. */
  readAllPage(after: LogCheckpoint, limit: number, filter?: LogFilter): Promise<RecordedEvent[]>;
  /** The highest global position written so far (0 for an empty log). */
  headPosition(): Promise<number>;
  /** The checkpoint just after the last readable event: a reader starting here sees only new events. */
  endCheckpoint(): Promise<LogCheckpoint>;
  stats(): Promise<StoreStats>;
  /**
   * Resolves as soon as events after `after` may be readable (at once if they already are),
   * or when `signal` aborts. Wakes on in-process appends immediately; on appends from other
   * processes within a short interval (SQLite) or via LISTEN/NOTIFY (PostgreSQL).
   */
  waitForEvents(after: LogCheckpoint, signal: AbortSignal): Promise<void>;
  /**
   * Runs `work` in one database transaction (serialized with appends on SQLite). Appends made
   * through `tx.appendToStreams` commit or roll back with it and are published after commit.
   */
  withTransaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /**
   * Runs a read-only query on read models outside any transaction (`$1, $2 …` placeholders).
   * On SQLite it uses the read connection, so it never waits for writers.
   */
  query<TRow = Record<string, unknown>>(sql: string, params?: ReadonlyArray<unknown>): Promise<TRow[]>;
  /**
   * Maintenance: deletes one bounded batch of events of exactly `types`, recorded before
   * `before` and at or before `upTo`, never the last event of a stream, and records the batch
   * as a `store.events_compacted` event in the same transaction. Call again with
   * `after: result.next` while `result.more`. See docs/events.md, "Compaction".
   */
  compact(options: CompactOptions): Promise<CompactResult>;
  /** Registers an inline projection: it runs inside every later append's transaction. */
  addInlineProjection(projection: InlineProjection): Promise<void>;
  /** Calls `listener` after each commit, in this process, with the events just made durable. */
  onAppended(listener: (events: ReadonlyArray<RecordedEvent>) => void): () => void;
  /** Finishes pending appends and closes the database. */
  close(): Promise<void>;
}
