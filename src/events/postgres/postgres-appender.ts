import type pg from 'pg';
import type { Clock } from '../../kernel/index.js';
import type { AppendResult, RecordedEvent } from '../envelope.js';
import { IdempotencyConflictError } from '../errors.js';
import type { InlineProjection } from '../event-store.js';
import type { PreparedAppend } from '../prepare-append.js';
import { type AppendOutcome, type AppendWriter, needsCheckedWrite, type RunQuery } from './append-writer.js';
import type { ConnectionPool } from './connection-pool.js';
import { GroupCommit } from './group-commit.js';
import { PostgresTransaction } from './postgres-transaction.js';

/** Transactions retried when PostgreSQL aborts them for a serialization failure or a deadlock. */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);
const MAX_APPEND_ATTEMPTS = 5;

export interface PostgresAppenderDependencies {
  connections: ConnectionPool;
  writer: AppendWriter;
  /** The store's inline projections (shared array: later registrations apply too). */
  inlineProjections: ReadonlyArray<InlineProjection>;
  clock: Clock;
  /** Called after each commit with the events it wrote. */
  published: (events: RecordedEvent[]) => void;
  /** Append statements in flight at once (group commit). */
  concurrency: number;
}

/**
 * The write path of the PostgreSQL store: group commit in front, then one statement per
 * group (with inline projections in its transaction), falling back to a careful checked
 * write that tells a retried append from a conflict, and retrying serialization failures.
 */
export class PostgresAppender {
  private readonly groupCommit: GroupCommit;

  constructor(private readonly deps: PostgresAppenderDependencies) {
    this.groupCommit = new GroupCommit({
      writeTogether: (prepared) => this.together(prepared),
      writeAlone: (prepared) => this.alone(prepared),
      published: (recorded) => {
        if (recorded.length > 0) deps.published(recorded);
      },
      maxInFlight: deps.concurrency,
    });
  }

  submit(prepared: PreparedAppend[]): Promise<AppendResult[]> {
    return this.groupCommit.submit(prepared);
  }

  /** Several requests' appends in one statement, for group commit; any failure fails them all. */
  private async together(prepared: PreparedAppend[]): Promise<AppendOutcome> {
    return this.direct(prepared, new Date(this.deps.clock.now()));
  }

  private async alone(prepared: PreparedAppend[]): Promise<AppendResult[]> {
    let checked = false;
    for (let attempt = 1; ; attempt++) {
      try {
        const time = new Date(this.deps.clock.now());
        const outcome = checked ? await this.checked(prepared, time) : await this.direct(prepared, time);
        if (outcome.recorded.length > 0) this.deps.published(outcome.recorded);
        return outcome.results;
      } catch (error) {
        // An inline projection's error rejects the append as it is: no retry, no translation.
        if (error instanceof InlineProjectionFailure) throw error.cause;
        if (attempt < MAX_APPEND_ATTEMPTS) {
          // A mismatch or a stored id: the checked path tells a retried append from a conflict.
          if (needsCheckedWrite(error)) {
            checked = true;
            continue;
          }
          if (isRetryable(error)) continue;
        }
        if (needsCheckedWrite(error)) {
          const first = prepared[0]!;
          throw new IdempotencyConflictError(
            first.streamId,
            first.events[0]!.id,
            'by appends racing with this one',
          );
        }
        throw error;
      }
    }
  }

  /** The usual path: one statement, in autocommit unless inline projections must join its transaction. */
  private direct(prepared: PreparedAppend[], time: Date): Promise<AppendOutcome> {
    if (this.deps.inlineProjections.length === 0) {
      return this.deps.connections.withClient((client) =>
        this.deps.writer.write(runOn(client), prepared, time),
      );
    }
    return this.deps.connections.inTransaction(async (client) => {
      const outcome = await this.deps.writer.write(runOn(client), prepared, time);
      await this.applyInline(outcome.recorded, client);
      return { outcome, commit: true };
    });
  }

  /** The careful path: looks event ids up under stream locks; commits only if something was written. */
  private checked(prepared: PreparedAppend[], time: Date): Promise<AppendOutcome> {
    return this.deps.connections.inTransaction(async (client) => {
      const outcome = await this.deps.writer.writeChecked(runOn(client), prepared, time);
      if (outcome.recorded.length === 0) return { outcome, commit: false };
      if (this.deps.inlineProjections.length > 0) await this.applyInline(outcome.recorded, client);
      return { outcome, commit: true };
    });
  }

  /**
   * Appends inside a caller's open transaction (StoreTransaction.appendToStreams): the checked
   * write (no statement may fail and abort the transaction), then inline projections. The
   * caller publishes the recorded events after its commit.
   */
  async inTransaction(client: pg.PoolClient, prepared: PreparedAppend[]): Promise<AppendOutcome> {
    const outcome = await this.deps.writer.writeChecked(
      runOn(client),
      prepared,
      new Date(this.deps.clock.now()),
    );
    if (outcome.recorded.length > 0 && this.deps.inlineProjections.length > 0) {
      try {
        await this.applyInline(outcome.recorded, client);
      } catch (error) {
        throw error instanceof InlineProjectionFailure ? error.cause : error;
      }
    }
    return outcome;
  }

  private async applyInline(events: RecordedEvent[], client: pg.PoolClient): Promise<void> {
    const tx = new PostgresTransaction(client);
    try {
      for (const projection of this.deps.inlineProjections) {
        const prefixes = projection.eventTypePrefixes;
        const matching = prefixes ? events.filter((e) => prefixes.some((p) => e.type.startsWith(p))) : events;
        if (matching.length > 0) {
          await projection.apply(matching, tx).catch((error: unknown) => {
            throw new InlineProjectionFailure(error);
          });
        }
      }
    } finally {
      tx.finish();
    }
  }
}

/** Carries an inline projection's error through the transaction helpers untouched. */
class InlineProjectionFailure {
  constructor(readonly cause: unknown) {}
}

function runOn(client: pg.PoolClient): RunQuery {
  return (config) => client.query(config);
}

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}
