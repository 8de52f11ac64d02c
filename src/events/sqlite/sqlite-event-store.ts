import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type Clock, type Logger, silentLogger, systemClock } from '../../kernel/index.js';
import { AsyncMutex } from '../async-mutex.js';
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
import type { SqlTransaction } from '../sql-transaction.js';
import { ChangeWatcher } from './change-watcher.js';
import {
  EVENT_COLUMNS,
  type EventRow,
  filterToSql,
  type RawEventRow,
  rawToRecordedEvent,
  toRecordedEvent,
} from './rows.js';
import { migrateSqlite } from './schema.js';
import { SqliteTransaction } from './sqlite-transaction.js';
import { StreamWriter } from './stream-writer.js';

export interface SqliteEventStoreOptions {
  /** Database file; `:memory:` is not supported (readers need a second connection). */
  file: string;
  /** `normal` survives a process crash; `full` also survives power loss, at a cost per commit. */
  synchronous?: 'normal' | 'full';
  maxEventBytes?: number;
  clock?: Clock;
  logger?: Logger;
}

interface PendingAppend {
  appends: PreparedAppend[];
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

/**
 * The embedded event store: one SQLite file in WAL mode. Appends from this process are
 * group-committed (all appends queued in one event-loop turn share one transaction, each in
 * its own savepoint), reads use a second connection so they never see uncommitted work.
 */
export class SqliteEventStore implements EventStore {
  readonly backend = 'sqlite' as const;
  private readonly writer: Database.Database;
  private readonly reader: Database.Database;
  private readonly streamWriter: StreamWriter;
  private readonly writerTx: SqliteTransaction;
  private readonly control: Record<
    'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo',
    Database.Statement
  >;
  private readonly lock = new AsyncMutex();
  private readonly insideTransaction = new AsyncLocalStorage<true>();
  private readonly watcher: ChangeWatcher;
  private readonly listeners = new Set<(events: ReadonlyArray<RecordedEvent>) => void>();
  private readonly inlineProjections: InlineProjection[] = [];
  private readonly maxEventBytes: number;
  private readonly clock: Clock;
  private readonly logger: Logger;
  /** Global-log page queries, one per filter shape, prepared once. */
  private readonly pageStatements = new Map<string, Database.Statement<unknown[], RawEventRow>>();
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly readStatements: {
    head: Database.Statement<[], number | null>;
    version: Database.Statement<[string], number>;
    forward: Database.Statement<[string, number, number], EventRow>;
    backward: Database.Statement<[string, number, number], EventRow>;
  };

  private constructor(options: SqliteEventStoreOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger();
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
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
      this.reader = new Database(options.file, { readonly: true });
      this.reader.pragma('busy_timeout = 5000');
      this.writer = writer;
    } catch (cause) {
      writer?.close();
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new StoreUnavailableError(
        `Cannot open the SQLite event store at ${path.resolve(options.file)}: ${reason}`,
        cause,
      );
    }
    this.streamWriter = new StreamWriter(this.writer);
    this.writerTx = new SqliteTransaction(this.writer);
    this.control = {
      begin: this.writer.prepare('BEGIN IMMEDIATE'),
      commit: this.writer.prepare('COMMIT'),
      rollback: this.writer.prepare('ROLLBACK'),
      savepoint: this.writer.prepare('SAVEPOINT append'),
      release: this.writer.prepare('RELEASE append'),
      rollbackTo: this.writer.prepare('ROLLBACK TO append'),
    };
    this.watcher = new ChangeWatcher(this.reader, this.clock);
    this.readStatements = {
      head: this.reader.prepare<[], number | null>('SELECT max(position) FROM events').pluck(),
      version: this.reader
        .prepare<[string], number>(
          'SELECT stream_version FROM events WHERE stream_id = ? ORDER BY stream_version DESC LIMIT 1',
        )
        .pluck(),
      forward: this.reader.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND stream_version >= ? ORDER BY stream_version ASC LIMIT ?`,
      ),
      backward: this.reader.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND stream_version <= ? ORDER BY stream_version DESC LIMIT ?`,
      ),
    };
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
    if (this.insideTransaction.getStore()) {
      return Promise.reject(
        new Error(
          'appendToStreams was called inside withTransaction on the same store; it would wait forever',
        ),
      );
    }
    let prepared: PreparedAppend[];
    try {
      prepared = prepareAppends(appends, { maxEventBytes: this.maxEventBytes });
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AppendResult[]>((resolve, reject) => {
      this.pending.push({ appends: prepared, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => {
          this.flushing = this.flush();
        });
      }
    });
  }

  /** Writes every queued append in one transaction; each append succeeds or fails on its own. */
  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    await this.lock.run(async () => {
      const settled: Array<{ request: PendingAppend; results: AppendResult[] }> = [];
      const failed = new Set<PendingAppend>();
      const recorded: RecordedEvent[] = [];
      const useSavepoints = batch.length > 1;
      try {
        this.control.begin.run();
        for (const request of batch) {
          if (useSavepoints) this.control.savepoint.run();
          try {
            const time = this.clock.now();
            const results: AppendResult[] = [];
            const written: RecordedEvent[] = [];
            for (const append of request.appends) {
              const { result, recorded: events } = this.streamWriter.write(append, time);
              results.push(result);
              for (const event of events) written.push(event);
            }
            if (this.inlineProjections.length > 0 && written.length > 0) await this.applyInline(written);
            if (useSavepoints) this.control.release.run();
            settled.push({ request, results });
            for (const event of written) recorded.push(event);
          } catch (error) {
            if (!useSavepoints) throw error;
            this.control.rollbackTo.run();
            this.control.release.run();
            failed.add(request);
            request.reject(error);
          }
        }
        this.control.commit.run();
      } catch (error) {
        if (this.writer.inTransaction) this.control.rollback.run();
        const reason = isBusyOrIo(error)
          ? new StoreUnavailableError(
              `The SQLite event store could not commit: ${(error as Error).message}`,
              error,
            )
          : error;
        for (const request of batch) if (!failed.has(request)) request.reject(reason);
        return;
      }
      for (const { request, results } of settled) request.resolve(results);
      if (recorded.length > 0) this.publish(recorded);
    });
  }

  private async applyInline(events: RecordedEvent[]): Promise<void> {
    for (const projection of this.inlineProjections) {
      const prefixes = projection.eventTypePrefixes;
      const matching = prefixes ? events.filter((e) => prefixes.some((p) => e.type.startsWith(p))) : events;
      if (matching.length > 0) await projection.apply(matching, this.writerTx);
    }
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
    const limit = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const rows =
      options.direction === 'backward'
        ? this.readStatements.backward.all(streamId, options.fromVersion ?? Number.MAX_SAFE_INTEGER, limit)
        : this.readStatements.forward.all(streamId, options.fromVersion ?? 1, limit);
    return rows.map(toRecordedEvent);
  }

  async streamVersion(streamId: string): Promise<number> {
    this.assertOpen();
    return this.readStatements.version.get(streamId) ?? 0;
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    return readAllPaged(this, options);
  }

  async readAllPage(after: LogCheckpoint, limit: number, filter?: LogFilter): Promise<RecordedEvent[]> {
    this.assertOpen();
    const { where, params } = filterToSql(filter);
    const sql = `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ?${where} ORDER BY position LIMIT ?`;
    let statement = this.pageStatements.get(sql);
    if (!statement) {
      statement = this.reader.prepare<unknown[], RawEventRow>(sql).raw(true);
      if (this.pageStatements.size > 100) this.pageStatements.clear();
      this.pageStatements.set(sql, statement);
    }
    const rows = statement.all(after.position, ...params, limit);
    const events = new Array<RecordedEvent>(rows.length);
    for (let i = 0; i < rows.length; i++) events[i] = rawToRecordedEvent(rows[i]!);
    return events;
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.readStatements.head.get() ?? 0;
  }

  async endCheckpoint(): Promise<LogCheckpoint> {
    return { position: await this.headPosition() };
  }

  async stats(): Promise<StoreStats> {
    this.assertOpen();
    const totals = this.reader
      .prepare('SELECT count(*) AS events, count(DISTINCT stream_id) AS streams FROM events')
      .get() as { events: number; streams: number };
    const eventTypes = this.reader
      .prepare('SELECT type, count(*) AS count FROM events GROUP BY type ORDER BY count DESC, type')
      .all() as Array<{ type: string; count: number }>;
    const file = this.writer.name;
    const size = (suffix: string) => {
      try {
        return statSync(file + suffix).size;
      } catch {
        return 0;
      }
    };
    return {
      backend: 'sqlite',
      events: totals.events,
      streams: totals.streams,
      headPosition: await this.headPosition(),
      sizeBytes: size('') + size('-wal'),
      eventTypes,
    };
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

  async withTransaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    this.assertOpen();
    if (this.insideTransaction.getStore()) {
      throw new Error('withTransaction was called inside another withTransaction on the same store');
    }
    return this.lock.run(async () => {
      this.control.begin.run();
      try {
        const result = await this.insideTransaction.run(true, () => work(this.writerTx));
        this.control.commit.run();
        return result;
      } catch (error) {
        if (this.writer.inTransaction) this.control.rollback.run();
        throw error;
      }
    });
  }

  async addInlineProjection(projection: InlineProjection): Promise<void> {
    if (projection.setup) await this.withTransaction((tx) => projection.setup!(tx));
    this.inlineProjections.push(projection);
  }

  onAppended(listener: (events: ReadonlyArray<RecordedEvent>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Let queued appends commit before the connections close.
    while (this.flushScheduled || this.pending.length > 0) await new Promise((r) => setImmediate(r));
    await this.flushing;
    await this.lock.run(() => undefined);
    this.watcher.close();
    this.reader.close();
    this.writer.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }
}

function isBusyOrIo(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_FULL');
}
