import type pg from 'pg';
import type { AppendResult, StreamAppend } from '../envelope.js';
import type { SqlTransaction, StoreTransaction } from '../sql-transaction.js';

/** Statements that change the schema: instances starting together run them one transaction at a time. */
const SCHEMA_CHANGE = /^\s*(?:CREATE|ALTER|DROP)\b/i;

/**
 * A SqlTransaction over one pooled client between BEGIN and COMMIT/ROLLBACK. Before its first
 * schema change (read models and stores create their tables with CREATE … IF NOT EXISTS) it takes
 * an advisory lock, because two instances running the same CREATE TABLE IF NOT EXISTS at once can
 * otherwise fail on PostgreSQL's catalog unique index.
 */
export class PostgresTransaction implements SqlTransaction {
  readonly dialect = 'postgres' as const;
  private active = true;
  private schemaLocked = false;

  constructor(
    private readonly client: pg.PoolClient,
    /** Advisory lock key serializing schema changes (one per Vigia schema). */
    private readonly schemaLockKey = 'vigia.schema',
  ) {}

  async execute(sql: string, params: ReadonlyArray<unknown> = []): Promise<number> {
    this.assertActive();
    if (!this.schemaLocked && SCHEMA_CHANGE.test(sql)) {
      await this.client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [this.schemaLockKey]);
      this.schemaLocked = true;
    }
    const result = await this.client.query(sql, [...params]);
    return result.rowCount ?? 0;
  }

  async query<TRow = Record<string, unknown>>(
    sql: string,
    params: ReadonlyArray<unknown> = [],
  ): Promise<TRow[]> {
    this.assertActive();
    const result = await this.client.query(sql, [...params]);
    return result.rows as TRow[];
  }

  /** Called when the transaction ends: later use is a bug in the caller (the client is back in the pool). */
  finish(): void {
    this.active = false;
  }

  private assertActive(): void {
    if (!this.active) {
      throw new Error('This transaction has already committed or rolled back; keep SQL inside its callback');
    }
  }
}

/** A PostgresTransaction that can also append events that commit with it. */
export class PostgresStoreTransaction extends PostgresTransaction implements StoreTransaction {
  constructor(
    client: pg.PoolClient,
    private readonly appendInTransaction: (appends: ReadonlyArray<StreamAppend>) => Promise<AppendResult[]>,
    schemaLockKey?: string,
  ) {
    super(client, schemaLockKey);
  }

  appendToStreams(appends: ReadonlyArray<StreamAppend>): Promise<AppendResult[]> {
    return this.appendInTransaction(appends);
  }
}
