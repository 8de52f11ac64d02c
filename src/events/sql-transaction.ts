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
