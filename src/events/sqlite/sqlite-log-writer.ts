import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import type { Clock } from '../../kernel/index.js';
import { AsyncMutex } from '../async-mutex.js';
import type { AppendResult, RecordedEvent, StreamAppend } from '../envelope.js';
import { StoreUnavailableError } from '../errors.js';
import type { InlineProjection } from '../event-store.js';
import { type PreparedAppend, prepareAppends } from '../prepare-append.js';
import type { StoreTransaction } from '../sql-transaction.js';
import { SqliteTransaction } from './sqlite-transaction.js';
import { StreamWriter } from './stream-writer.js';

interface PendingAppend {
  appends: PreparedAppend[];
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Every write of the SQLite store, on its one writer connection. Appends are group-committed:
 * all appends queued in one event-loop turn share one transaction, each in its own savepoint
 * so a conflict fails only its own append. Read-model transactions take the same lock.
 */
export class SqliteLogWriter {
  private readonly streamWriter: StreamWriter;
  private readonly tx: SqliteTransaction;
  private readonly control: Record<
    'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo',
    Database.Statement
  >;
  private readonly lock = new AsyncMutex();
  private readonly insideTransaction = new AsyncLocalStorage<true>();
  private readonly inlineProjections: InlineProjection[] = [];
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly writer: Database.Database,
    private readonly clock: Clock,
    /** Called after each commit with the events it made durable. */
    private readonly committed: (events: RecordedEvent[]) => void,
    private readonly maxEventBytes: number,
  ) {
    this.streamWriter = new StreamWriter(writer);
    this.tx = new SqliteTransaction(writer);
    this.control = {
      begin: writer.prepare('BEGIN IMMEDIATE'),
      commit: writer.prepare('COMMIT'),
      rollback: writer.prepare('ROLLBACK'),
      savepoint: writer.prepare('SAVEPOINT append'),
      release: writer.prepare('RELEASE append'),
      rollbackTo: writer.prepare('ROLLBACK TO append'),
    };
  }

  /** Queues validated appends for the next group commit. */
  append(prepared: PreparedAppend[]): Promise<AppendResult[]> {
    if (this.insideTransaction.getStore()) {
      return Promise.reject(
        new Error(
          'appendToStreams was called inside withTransaction on the same store; it would wait forever',
        ),
      );
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

  async withTransaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    if (this.insideTransaction.getStore()) {
      throw new Error('withTransaction was called inside another withTransaction on the same store');
    }
    return this.lock.run(async () => {
      const recorded: RecordedEvent[] = [];
      const tx: StoreTransaction = Object.assign(Object.create(this.tx) as SqliteTransaction, {
        appendToStreams: async (appends: ReadonlyArray<StreamAppend>) =>
          this.writeRequest(prepareAppends(appends, { maxEventBytes: this.maxEventBytes }), recorded),
      });
      this.control.begin.run();
      try {
        const result = await this.insideTransaction.run(true, () => work(tx));
        this.control.commit.run();
        if (recorded.length > 0) this.committed(recorded);
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

  /** Resolves once every queued append and open transaction has finished. */
  async drain(): Promise<void> {
    while (this.flushScheduled || this.pending.length > 0) await new Promise((r) => setImmediate(r));
    await this.flushing;
    await this.lock.run(() => undefined);
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
            const results = await this.writeRequest(request.appends, recorded);
            if (useSavepoints) this.control.release.run();
            settled.push({ request, results });
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
      if (recorded.length > 0) this.committed(recorded);
    });
  }

  /** Writes appends (and runs inline projections) in the open transaction; adds their events to `recorded` once they succeeded. */
  private async writeRequest(appends: PreparedAppend[], recorded: RecordedEvent[]): Promise<AppendResult[]> {
    const time = this.clock.now();
    const results: AppendResult[] = [];
    const written: RecordedEvent[] = [];
    for (const append of appends) {
      const { result, recorded: events } = this.streamWriter.write(append, time);
      results.push(result);
      for (const event of events) written.push(event);
    }
    if (this.inlineProjections.length > 0 && written.length > 0) await this.applyInline(written);
    for (const event of written) recorded.push(event);
    return results;
  }

  private async applyInline(events: RecordedEvent[]): Promise<void> {
    for (const projection of this.inlineProjections) {
      const prefixes = projection.eventTypePrefixes;
      const matching = prefixes ? events.filter((e) => prefixes.some((p) => e.type.startsWith(p))) : events;
      if (matching.length > 0) await projection.apply(matching, this.tx);
    }
  }
}

function isBusyOrIo(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_FULL');
}
