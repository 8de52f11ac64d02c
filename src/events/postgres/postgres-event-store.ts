import type pg from 'pg';
import { type Clock, ConfigError, type Logger, silentLogger, systemClock } from '../../kernel/index.js';
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
import { StoreClosedError } from '../errors.js';
import type { EventStore, InlineProjection } from '../event-store.js';
import { DEFAULT_MAX_EVENT_BYTES, prepareAppends } from '../prepare-append.js';
import { readAllPaged } from '../read-all-paged.js';
import type { StoreTransaction } from '../sql-transaction.js';
import { AppendWriter } from './append-writer.js';
import { checkpointToSql, validateCheckpoint } from './checkpoint.js';
import { CommitAnnouncer } from './commit-announcer.js';
import { ConnectionPool } from './connection-pool.js';
import { EventWaiters, type LogPlace } from './event-waiters.js';

import { migrate } from './migrations.js';
import { Notifier } from './notifier.js';
import { PostgresAppender } from './postgres-appender.js';
import { PostgresCompactor } from './postgres-compactor.js';
import { PostgresStoreTransaction } from './postgres-transaction.js';
import { type ReadStatements, readStatements } from './read-statements.js';
import { COMMITTED_HORIZON, EVENT_COLUMNS, type EventRow, filterToSql, toRecordedEvent } from './rows.js';
import { type SchemaNames, schemaNames } from './schema-names.js';

export interface PostgresEventStoreOptions {
  /** `postgres://user:password@host:port/database`; the password never appears in errors or logs. */
  connectionString: string;
  /** Schema holding the store's tables (created if missing); default `vigia`. */
  schema?: string;
  /** Connections in the pool; default 10 (plus one for LISTEN). */
  poolSize?: number;
  maxEventBytes?: number;
  /** How long to wait for a connection before failing with StoreUnavailableError; default 10 s. */
  connectionTimeoutMillis?: number;
  /** How often waiters re-read the log in case a notification was missed; default 1000 ms. */
  wakeCheckIntervalMs?: number;
  logger?: Logger;
  /** Source of event times. */
  clock?: Clock;
  /**
   * Append statements in flight at once. Appends that arrive meanwhile are grouped into the
   * next statement (group commit): fewer, larger commits beat many small ones. Default 2.
   */
  appendConcurrency?: number;
}

/**
 * The event store on PostgreSQL, for several Vigia instances sharing one log. Appends lock
 * their streams and insert all events in one statement; the global log is read in
 * (transaction id, position) order up to the oldest running transaction, so no reader ever
 * skips an event whose transaction committed late.
 */
export class PostgresEventStore implements EventStore {
  readonly backend = 'postgres' as const;
  private readonly waiters: EventWaiters;
  private readonly notifier: Notifier;
  private readonly announcer: CommitAnnouncer;
  private readonly appender: PostgresAppender;
  private readonly listeners = new Set<(events: ReadonlyArray<RecordedEvent>) => void>();
  private readonly inlineProjections: InlineProjection[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly sql: ReadStatements;
  private readonly compactor: PostgresCompactor;
  private readonly maxEventBytes: number;
  private readonly clock: Clock;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly connections: ConnectionPool,
    private readonly names: SchemaNames,
    options: PostgresEventStoreOptions,
    private readonly logger: Logger,
  ) {
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.clock = options.clock ?? systemClock;
    this.sql = readStatements(names);
    this.compactor = new PostgresCompactor(names);
    this.waiters = new EventWaiters(
      () => this.readableHead(),
      systemClock,
      logger,
      options.wakeCheckIntervalMs ?? 1000,
    );
    this.appender = new PostgresAppender({
      connections,
      writer: new AppendWriter(names),
      inlineProjections: this.inlineProjections,
      clock: this.clock,
      published: (recorded) => this.publish(recorded),
      concurrency: options.appendConcurrency ?? 2,
    });
    this.announcer = new CommitAnnouncer(
      () => this.connections.query({ text: `NOTIFY ${names.channel}`, values: [] }),
      logger,
    );
    this.notifier = new Notifier({
      clientConfig: connections.clientConfig,
      channel: names.channel,
      target: connections.target,
      onWake: () => this.waiters.wake(),
      logger,
      clock: systemClock,
    });
  }

  /** Connects, creates the schema if needed and applies pending migrations. */
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    if (typeof options.connectionString !== 'string' || options.connectionString.length === 0) {
      throw new ConfigError('PostgreSQL connectionString must be a non-empty postgres:// URL');
    }
    const poolSize = options.poolSize ?? 10;
    if (!Number.isInteger(poolSize) || poolSize < 1) {
      throw new ConfigError(`PostgreSQL poolSize must be an integer ≥ 1, got ${JSON.stringify(poolSize)}`);
    }
    const names = schemaNames(options.schema ?? 'vigia');
    const logger = options.logger ?? silentLogger();
    const connections = new ConnectionPool({
      connectionString: options.connectionString,
      schema: names.schema,
      poolSize,
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
      logger,
    });
    try {
      await migrate(connections, names, logger);
    } catch (error) {
      await connections.end().catch(() => undefined);
      throw error;
    }
    return new PostgresEventStore(connections, names, options, logger);
  }

  /** The schema this store's tables live in (the search_path of every connection). */
  get schema(): string {
    return this.names.schema;
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

  async appendToStreams(appends: ReadonlyArray<StreamAppend>): Promise<AppendResult[]> {
    this.assertOpen();
    const prepared = prepareAppends(appends, { maxEventBytes: this.maxEventBytes });
    return this.track(this.appender.submit(prepared));
  }

  private publish(events: RecordedEvent[]): void {
    this.waiters.releaseAll();
    this.announcer.announce();
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch (error) {
        this.logger.error({ err: error }, 'an onAppended listener threw; the append is durable regardless');
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.maxCount === undefined ? null : Math.max(0, Math.floor(options.maxCount));
    const backward = options.direction === 'backward';
    const from = options.fromVersion ?? (backward ? Number.MAX_SAFE_INTEGER : 1);
    const rows = await this.queryRows<EventRow>(backward ? this.sql.streamBackward : this.sql.streamForward, [
      streamId,
      from,
      limit,
    ]);
    return rows.map(toRecordedEvent);
  }

  async streamVersion(streamId: string): Promise<number> {
    const rows = await this.queryRows<{ version: number }>(this.sql.streamVersion, [streamId]);
    return rows[0]?.version ?? 0;
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    return readAllPaged(this, options);
  }

  async readAllPage(after: LogCheckpoint, limit: number, filter?: LogFilter): Promise<RecordedEvent[]> {
    this.assertOpen();
    validateCheckpoint(after);
    if (!(limit > 0)) return [];
    const params: unknown[] = [];
    const from = checkpointToSql(after, params, this.names.events);
    const where = filterToSql(filter, params);
    params.push(Math.floor(limit));
    const inLogOrder = (conditions: string) => `SELECT ${EVENT_COLUMNS} FROM ${this.names.events}
       WHERE (transaction_id, position) > ${from} AND ${COMMITTED_HORIZON}${conditions}
       ORDER BY transaction_id, position`;
    // With a filter, OFFSET 0 keeps the planner on the log-order index, stopping once the page
    // is full, instead of filtering and sorting the whole rest of the log for every page. A
    // correlation id is selective and has its own index in log order (migration 3): there the
    // conditions go inline, so the planner reads that index.
    const sql =
      !where || filter?.correlationId !== undefined
        ? `${inLogOrder(where)} LIMIT $${params.length}`
        : `SELECT * FROM (${inLogOrder('')} OFFSET 0) AS log WHERE true${where} LIMIT $${params.length}`;
    const rows = await this.queryRows<EventRow>(sql, params);
    return rows.map(toRecordedEvent);
  }

  async headPosition(): Promise<number> {
    const rows = await this.queryRows<{ position: number }>(this.sql.headPosition);
    return rows[0]?.position ?? 0;
  }

  async endCheckpoint(): Promise<LogCheckpoint> {
    const head = await this.readableHead();
    return head ? { position: head.position, transactionId: head.transactionId.toString() } : { position: 0 };
  }

  async stats(): Promise<StoreStats> {
    const [totals] = await this.queryRows<{ events: number; streams: number; size_bytes: number }>(
      this.sql.totals,
    );
    const eventTypes = await this.queryRows<{ type: string; count: number }>(this.sql.eventTypes);
    return {
      backend: 'postgres',
      events: totals?.events ?? 0,
      streams: totals?.streams ?? 0,
      headPosition: await this.headPosition(),
      sizeBytes: totals?.size_bytes ?? 0,
      eventTypes,
    };
  }

  async waitForEvents(after: LogCheckpoint, signal: AbortSignal): Promise<void> {
    this.assertOpen();
    validateCheckpoint(after);
    if (signal.aborted) return;
    const place = await this.placeOf(after);
    // LISTEN before the first look, so a commit between the look and the wait still wakes us.
    await this.track(this.notifier.listen());
    return this.waiters.wait(place, signal);
  }

  async withTransaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    this.assertOpen();
    const recorded: RecordedEvent[] = [];
    const result = await this.track(
      this.connections.inTransaction(async (client) => {
        let durable = false;
        const tx = new PostgresStoreTransaction(
          client,
          async (appends) => {
            const prepared = prepareAppends(appends, { maxEventBytes: this.maxEventBytes });
            if (!durable) {
              // Events must never be visible before they are durable, whatever the transaction
              // asked for (consumers turn synchronous_commit off for their read-model writes).
              await client.query('SET LOCAL synchronous_commit = on');
              durable = true;
            }
            const outcome = await this.appender.inTransaction(client, prepared);
            recorded.push(...outcome.recorded);
            return outcome.results;
          },
          `vigia.schema.${this.names.schema}`,
        );
        try {
          return { outcome: await work(tx), commit: true };
        } finally {
          tx.finish();
        }
      }),
    );
    if (recorded.length > 0) this.publish(recorded);
    return result;
  }

  async query<TRow = Record<string, unknown>>(
    sql: string,
    params: ReadonlyArray<unknown> = [],
  ): Promise<TRow[]> {
    return (await this.queryRows<pg.QueryResultRow>(sql, [...params])) as TRow[];
  }

  async compact(options: CompactOptions): Promise<CompactResult> {
    this.assertOpen();
    const compaction = validateCompactOptions(options);
    // One transaction per batch: bounded in rows, so it never bloats or holds locks for long.
    return this.withTransaction(async (tx) => {
      const plan = await this.compactor.deleteBatch(tx, compaction);
      if (plan.positions.length > 0) await tx.appendToStreams([compactionRecord(compaction, plan.positions)]);
      return { deleted: plan.positions.length, more: plan.more, next: plan.next };
    });
  }

  async addInlineProjection(projection: InlineProjection): Promise<void> {
    if (projection.setup) await this.withTransaction((tx) => projection.setup!(tx));
    this.inlineProjections.push(projection);
  }

  onAppended(listener: (events: ReadonlyArray<RecordedEvent>) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Lets in-flight appends and transactions finish, then closes every connection. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.waiters.close();
      this.announcer.close();
      while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      await this.notifier.close();
      await this.connections.end();
    })();
    return this.closing;
  }

  /** The log place a checkpoint stands for (looking up the transaction of a position-only checkpoint). */
  private async placeOf(after: LogCheckpoint): Promise<LogPlace> {
    if (after.transactionId !== undefined) {
      return { transactionId: BigInt(after.transactionId), position: after.position };
    }
    if (after.position <= 0) return { transactionId: 0n, position: after.position };
    const rows = await this.queryRows<{ transaction_id: string }>(this.sql.transactionAt, [after.position]);
    return { transactionId: BigInt(rows[0]?.transaction_id ?? 0), position: after.position };
  }

  /** The last place in the log a reader can see now, or undefined for an empty log. */
  private async readableHead(): Promise<LogPlace | undefined> {
    const rows = await this.queryRows<{ transaction_id: string; position: number }>(this.sql.readableHead);
    const row = rows[0];
    return row ? { transactionId: BigInt(row.transaction_id), position: row.position } : undefined;
  }

  private queryRows<TRow extends pg.QueryResultRow>(
    sql: string | pg.QueryConfig,
    params: unknown[] = [],
  ): Promise<TRow[]> {
    this.assertOpen();
    const config = typeof sql === 'string' ? { text: sql, values: params } : { ...sql, values: params };
    return this.track(this.connections.query<TRow>(config));
  }

  private track<T>(operation: Promise<T>): Promise<T> {
    this.inFlight.add(operation);
    const forget = () => this.inFlight.delete(operation);
    operation.then(forget, forget);
    return operation;
  }

  private assertOpen(): void {
    if (this.closing) throw new StoreClosedError();
  }
}
