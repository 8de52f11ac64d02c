import type { AppendResult, StreamAppend } from './envelope.js';

/**
 * A database transaction handed to read-model code (inline projections, durable consumers).
 * SQL uses `$1, $2 …` placeholders on every backend; keep to SQL both SQLite and PostgreSQL
 * understand (INSERT … ON CONFLICT … DO UPDATE works on both), or branch on `dialect`.
 */
export interface SqlTransaction {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs a statement; resolves to the number of rows it changed. */
  execute(sql: string, params?: ReadonlyArray<unknown>): Promise<number>;
  /** Runs a query; resolves to its rows as plain objects. */
  query<TRow = Record<string, unknown>>(sql: string, params?: ReadonlyArray<unknown>): Promise<TRow[]>;
}

/**
 * A transaction of the event store: read-model SQL plus appends that commit together with it
 * (a consumer that emits events does so exactly once, with its checkpoint). Appended events
 * reach subscribers only after the commit.
 */
export interface StoreTransaction extends SqlTransaction {
  appendToStreams(appends: ReadonlyArray<StreamAppend>): Promise<AppendResult[]>;
}
