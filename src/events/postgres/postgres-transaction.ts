import type pg from 'pg';
import type { AppendResult, StreamAppend } from '../envelope.js';
import type { SqlTransaction, StoreTransaction } from '../sql-transaction.js';

/** A SqlTransaction over one pooled client between BEGIN and COMMIT/ROLLBACK. */
export class PostgresTransaction implements SqlTransaction {
  readonly dialect = 'postgres' as const;
  private active = true;

  constructor(private readonly client: pg.PoolClient) {}

  async execute(sql: string, params: ReadonlyArray<unknown> = []): Promise<number> {
    this.assertActive();
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
  ) {
    super(client);
  }

  appendToStreams(appends: ReadonlyArray<StreamAppend>): Promise<AppendResult[]> {
    return this.appendInTransaction(appends);
  }
}
