import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type Clock, type Logger, silentLogger, systemClock } from '../../kernel/index.js';
import {
  type CompactOptions,
  type CompactResult,
  compactionRecord,
  validateCompactOptions,
} from '../compaction.js';
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
} from '../envelope.js';
import { StoreClosedError, StoreUnavailableError } from '../errors.js';
import type { EventStore, InlineProjection } from '../event-store.js';
import { DEFAULT_MAX_EVENT_BYTES, type PreparedAppend, prepareAppends } from '../prepare-append.js';
import { readAllPaged } from '../read-all-paged.js';
import type { StoreTransaction } from '../sql-transaction.js';
import { ChangeWatcher } from './change-watcher.js';
import { migrateSqlite } from './schema.js';
import { SqliteCompactor } from './sqlite-compactor.js';
import { SqliteLogReader } from './sqlite-log-reader.js';
import { SqliteLogWriter } from './sqlite-log-writer.js';
import { SqliteTransaction } from './sqlite-transaction.js';

export interface SqliteEventStoreOptions {
  /** Database file; `:memory:` is not supported (readers need a second connection). */
  file: string;
  /** `normal` survives a process crash; `full` also survives power loss, at a cost per commit. */
  synchronous?: 'normal' | 'full';
  maxEventBytes?: number;
  clock?: Clock;
  logger?: Logger;
}

/**
 * The embedded event store: one SQLite file in WAL mode, a writer connection that
 * group-commits appends (SqliteLogWriter) and a read-only connection for reads
 * (SqliteLogReader), so reads never see uncommitted work.
 */
export class SqliteEventStore implements EventStore {
  readonly backend = 'sqlite' as const;
  private readonly connections: { writer: Database.Database; reader: Database.Database };
  private readonly log: SqliteLogReader;
  private readonly writer: SqliteLogWriter;
  private readonly watcher: ChangeWatcher;
  private readonly compactor: SqliteCompactor;
  /** Read-model queries on the read-only connection. */
  private readonly readQueries: SqliteTransaction;
  private readonly listeners = new Set<(events: ReadonlyArray<RecordedEvent>) => void>();
  private readonly maxEventBytes: number;
  private readonly logger: Logger;
  private closed = false;

  private constructor(options: SqliteEventStoreOptions) {
    const clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger();
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.connections = openConnections(options);
    this.log = new SqliteLogReader(this.connections.reader, this.connections.writer.name);
    this.writer = new SqliteLogWriter(
      this.connections.writer,
      clock,
      (events) => this.publish(events),
      this.maxEventBytes,
    );
    this.watcher = new ChangeWatcher(this.connections.reader, clock);
    this.compactor = new SqliteCompactor(this.connections.writer);
    this.readQueries = new SqliteTransaction(this.connections.reader);
  }

  /** Opens (creating if needed) the store in `options.file` and applies schema migrations. */
  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    return new SqliteEventStore(options);
  }

  appendToStream(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    return this.appendToStreams([
      { streamId, events, expectedVersion: options.expectedVersion ?? 'any' },
    ]).then((results) => results[0]!);
  }

  appendToStreams(appends: ReadonlyArray<StreamAppend>): Promise<AppendResult[]> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    let prepared: PreparedAppend[];
    try {
      prepared = prepareAppends(appends, { maxEventBytes: this.maxEventBytes });
    } catch (error) {
      return Promise.reject(error);
    }
    return this.writer.append(prepared);
  }

  private publish(events: RecordedEvent[]): void {
    this.watcher.notify();
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch (error) {
        this.logger.error({ err: error }, 'an onAppended listener threw; the append is durable regardless');
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.log.readStream(streamId, options);
  }

  async streamVersion(streamId: string): Promise<number> {
    this.assertOpen();
    return this.log.streamVersion(streamId);
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    return readAllPaged(this, options);
  }

  async readAllPage(after: LogCheckpoint, limit: number, filter?: LogFilter): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.log.readAllPage(after, limit, filter);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.log.headPosition();
  }

  async endCheckpoint(): Promise<LogCheckpoint> {
    return { position: await this.headPosition() };
  }

  async stats(): Promise<StoreStats> {
    this.assertOpen();
    return this.log.stats();
  }

  async waitForEvents(after: LogCheckpoint, signal: AbortSignal): Promise<void> {
    if ((await this.headPosition()) > after.position || signal.aborted) return;
    const change = this.watcher.waitForChange(signal);
    // An append may have committed between the check above and registering the waiter.
    if ((await this.headPosition()) > after.position) {
      this.watcher.notify();
    }
    return change;
  }

  async withTransaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    this.assertOpen();
    return this.writer.withTransaction(work);
  }

  async query<TRow = Record<string, unknown>>(
    sql: string,
    params: ReadonlyArray<unknown> = [],
  ): Promise<TRow[]> {
    this.assertOpen();
    return this.readQueries.query<TRow>(sql, params);
  }

  async compact(options: CompactOptions): Promise<CompactResult> {
    this.assertOpen();
    const compaction = validateCompactOptions(options);
    // One short write transaction per batch: appends queue behind it for its duration only.
    return this.writer.withTransaction(async (tx) => {
      const plan = await this.compactor.deleteBatch(compaction);
      if (plan.positions.length > 0) await tx.appendToStreams([compactionRecord(compaction, plan.positions)]);
      return { deleted: plan.positions.length, more: plan.more, next: plan.next };
    });
  }

  async addInlineProjection(projection: InlineProjection): Promise<void> {
    this.assertOpen();
    await this.writer.addInlineProjection(projection);
  }

  onAppended(listener: (events: ReadonlyArray<RecordedEvent>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Let queued appends commit before the connections close.
    await this.writer.drain();
    this.watcher.close();
    this.connections.reader.close();
    this.connections.writer.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }
}

/** Opens the writer (WAL, migrations) and the read-only reader; closes what it opened on failure. */
function openConnections(options: SqliteEventStoreOptions): {
  writer: Database.Database;
  reader: Database.Database;
} {
  if (options.file === ':memory:' || options.file === '') {
    throw new StoreUnavailableError('The SQLite event store needs a file path, not an in-memory database');
  }
  mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });
  let writer: Database.Database | undefined;
  try {
    writer = new Database(options.file);
    writer.pragma('journal_mode = WAL');
    writer.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    writer.pragma('busy_timeout = 5000');
    // Checkpoint the WAL every ~40 MB instead of ~4 MB: hot index pages are copied back less often.
    writer.pragma('wal_autocheckpoint = 10000');
    migrateSqlite(writer);
    const reader = new Database(options.file, { readonly: true });
    reader.pragma('busy_timeout = 5000');
    return { writer, reader };
  } catch (cause) {
    writer?.close();
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new StoreUnavailableError(
      `Cannot open the SQLite event store at ${path.resolve(options.file)}: ${reason}`,
      cause,
    );
  }
}
