import type Database from 'better-sqlite3';
import type { SqlTransaction } from '../sql-transaction.js';

/**
 * `$1, $2 …` (the placeholders read-model code writes) become SQLite named parameters
 * `@p1, @p2 …` (better-sqlite3 binds numbered `?NNN` only positionally, which breaks reuse).
 */
export function toSqlitePlaceholders(sql: string): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '$' && /[0-9]/.test(sql[i + 1] ?? '')) {
      out += '@p';
    } else {
      out += ch;
    }
  }
  return out;
}

/** Converts values better-sqlite3 cannot bind (booleans, dates, objects) to what SQLite stores. */
function toSqliteValue(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.getTime();
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) return JSON.stringify(value);
  return value === undefined ? null : value;
}

function bindings(params: ReadonlyArray<unknown>): Record<string, unknown> {
  const named: Record<string, unknown> = {};
  for (let i = 0; i < params.length; i++) named[`p${i + 1}`] = toSqliteValue(params[i]);
  return named;
}

/** A SqlTransaction over a better-sqlite3 connection that is inside BEGIN … COMMIT. */
export class SqliteTransaction implements SqlTransaction {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  async execute(sql: string, params: ReadonlyArray<unknown> = []): Promise<number> {
    const statement = this.prepare(sql);
    const args = params.length ? [bindings(params)] : [];
    if (!statement.reader) return statement.run(...args).changes;
    statement.all(...args);
    return 0;
  }

  async query<TRow = Record<string, unknown>>(
    sql: string,
    params: ReadonlyArray<unknown> = [],
  ): Promise<TRow[]> {
    const statement = this.prepare(sql);
    return (params.length ? statement.all(bindings(params)) : statement.all()) as TRow[];
  }

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(toSqlitePlaceholders(sql));
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
