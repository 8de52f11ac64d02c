import {
  type Clock,
  type Logger,
  newId,
  type Registry,
  silentLogger,
  systemClock,
  VigiaError,
} from '../../kernel/index.js';
import { loadCheckpoint } from '../consumers/checkpoints.js';
import { ensureConsumerTables } from '../consumers/consumer-tables.js';
import { type ConsumerStatus, DurableConsumer } from '../consumers/durable-consumer.js';
import { LOG_START, type LogCheckpoint } from '../envelope.js';
import type { EventStore } from '../event-store.js';
import type { SqlTransaction } from '../sql-transaction.js';
import type { Projection, ProjectionTables } from './projection.js';

export interface ProjectionRunnerOptions {
  batchSize?: number;
  clock?: Clock;
  logger?: Logger;
  metrics?: Registry;
  instanceId?: string;
}

/** The projection has no built version yet; its first build is still running. */
export class ProjectionNotReadyError extends VigiaError {
  constructor(name: string) {
    super('PROJECTION_NOT_READY', `Projection "${name}" is still being built; try again shortly`, {
      details: { name },
    });
  }
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,40}$/;

/**
 * Runs an asynchronous projection as a durable consumer. A new version (or an explicit
 * rebuild) is built from position 0 into fresh tables, with side effects suppressed, while
 * readers keep using the active tables; once caught up it is swapped in atomically and the
 * old tables are dropped.
 */
export class ProjectionRunner {
  private live: DurableConsumer | undefined;
  private liveSuffix: string | undefined;
  private building: Promise<void> | undefined;
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(
    private readonly store: EventStore,
    private readonly projection: Projection,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    if (!IDENTIFIER.test(projection.name)) {
      throw new Error(`Projection name "${projection.name}" must be a lower-case SQL identifier`);
    }
    for (const table of projection.tables) {
      if (!IDENTIFIER.test(table))
        throw new Error(`Projection table "${table}" must be a lower-case SQL identifier`);
    }
    if (!Number.isInteger(projection.version) || projection.version < 1) {
      throw new Error(`Projection "${projection.name}" version must be an integer ≥ 1`);
    }
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger()).child({ projection: projection.name });
  }

  /** Resumes the active version, or builds the current version in the background when it differs. */
  async start(): Promise<void> {
    await ensureConsumerTables(this.store);
    const active = await this.readActive();
    if (active && active.version === this.projection.version) {
      this.liveSuffix = active.suffix;
      this.live = this.consumerFor(active.suffix, () => false);
      await this.live.start();
      return;
    }
    if (active) this.liveSuffix = active.suffix;
    void this.rebuild().catch((error) => this.logger.error({ err: error }, 'projection build failed'));
  }

  /** Rebuilds the current version from the beginning and swaps it in; resolves after the swap. */
  rebuild(): Promise<void> {
    this.building ??= this.build().finally(() => {
      this.building = undefined;
    });
    return this.building;
  }

  /** Whether the projection's consumer runs: its live consumer's status, or running while it is first built. */
  get status(): ConsumerStatus {
    if (this.live) return this.live.status;
    return this.building ? 'running' : 'stopped';
  }

  /** Physical name of a logical table in the active version. */
  table(name: string): string {
    if (!this.liveSuffix) throw new ProjectionNotReadyError(this.projection.name);
    return physicalName(name, this.liveSuffix);
  }

  /** Tables of the active version; use inside readers' queries. */
  get tables(): ProjectionTables {
    return { table: (name) => this.table(name) };
  }

  /** Resolves when the active version has processed every event committed before the call. */
  async waitUntilCaughtUp(): Promise<void> {
    if (this.building) await this.building;
    await this.live?.waitUntilCaughtUp();
  }

  /**
   * The checkpoint up to which the active version of the current projection version has
   * committed its tables: every event at or before it is folded in (so compaction may drop it).
   * LOG_START while this runner builds a version, or while the active one is older or missing.
   */
  async committedCheckpoint(): Promise<LogCheckpoint> {
    if (this.building) return LOG_START;
    await ensureConsumerTables(this.store);
    const active = await this.readActive();
    if (!active || active.version !== this.projection.version) return LOG_START;
    const checkpoint = await this.store.withTransaction((tx) =>
      loadCheckpoint(tx, this.consumerName(active.suffix)),
    );
    // A build that started meanwhile replays from the start: it needs every event.
    return this.building ? LOG_START : (checkpoint ?? LOG_START);
  }

  async stop(): Promise<void> {
    await this.live?.stop();
    this.live = undefined;
  }

  private async build(): Promise<void> {
    const suffix = `v${this.projection.version}_${newId().replace(/-/g, '').slice(-10)}`;
    const tables: ProjectionTables = { table: (name) => physicalName(name, suffix) };
    await this.store.withTransaction(async (tx) => {
      for (const name of this.projection.tables)
        await tx.execute(`DROP TABLE IF EXISTS ${tables.table(name)}`);
      await this.projection.setup(tx, tables);
    });
    let replaying = true;
    const consumer = this.consumerFor(suffix, () => replaying);
    this.logger.info({ suffix }, 'building projection from the beginning of the log');
    await consumer.start();
    await consumer.waitUntilCaughtUp();
    const previous = this.live;
    const previousSuffix = this.liveSuffix;
    await previous?.stop();
    await this.store.withTransaction(async (tx) => {
      await tx.execute(
        `INSERT INTO projection_versions (name, active_suffix, version, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name) DO UPDATE SET active_suffix = excluded.active_suffix, version = excluded.version,
           updated_at = excluded.updated_at`,
        [this.projection.name, suffix, this.projection.version, this.clock.now()],
      );
      if (previousSuffix && previousSuffix !== suffix) await this.dropVersion(tx, previousSuffix);
    });
    replaying = false;
    this.live = consumer;
    this.liveSuffix = suffix;
    this.logger.info({ suffix }, 'projection version swapped in');
  }

  private async dropVersion(tx: SqlTransaction, suffix: string): Promise<void> {
    for (const name of this.projection.tables)
      await tx.execute(`DROP TABLE IF EXISTS ${physicalName(name, suffix)}`);
    const consumer = this.consumerName(suffix);
    await tx.execute('DELETE FROM consumer_checkpoints WHERE name = $1', [consumer]);
    await tx.execute('DELETE FROM consumer_leases WHERE name = $1', [consumer]);
  }

  private async readActive(): Promise<{ suffix: string; version: number } | undefined> {
    const rows = await this.store.withTransaction((tx) =>
      tx.query<{ active_suffix: string; version: number }>(
        'SELECT active_suffix, version FROM projection_versions WHERE name = $1',
        [this.projection.name],
      ),
    );
    const row = rows[0];
    return row ? { suffix: row.active_suffix, version: Number(row.version) } : undefined;
  }

  private consumerName(suffix: string): string {
    return `projection:${this.projection.name}:${suffix}`;
  }

  private consumerFor(suffix: string, replaying: () => boolean): DurableConsumer {
    const tables: ProjectionTables = { table: (name) => physicalName(name, suffix) };
    const filter = this.projection.eventTypePrefixes
      ? { typePrefixes: this.projection.eventTypePrefixes }
      : undefined;
    return new DurableConsumer(this.store, {
      name: this.consumerName(suffix),
      filter,
      batchSize: this.options.batchSize,
      replaying,
      clock: this.options.clock,
      logger: this.options.logger,
      metrics: this.options.metrics,
      instanceId: this.options.instanceId,
      handle: (events, tx, context) =>
        this.projection.apply(events, tx, { ...tables, ...context, table: tables.table }),
    });
  }
}

function physicalName(name: string, suffix: string): string {
  return `${name}__${suffix}`;
}
