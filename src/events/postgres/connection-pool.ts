import pg from 'pg';
import { type Logger, toError } from '../../kernel/index.js';
import { clientConfig, describeTarget, isUnavailable, toStoreError } from './connection.js';

export interface ConnectionPoolOptions {
  connectionString: string;
  schema: string;
  poolSize: number;
  connectionTimeoutMillis: number;
  logger: Logger;
}

/** What `work` in a transaction returns: its result, and whether to COMMIT (else ROLLBACK). */
export interface TransactionOutcome<T> {
  outcome: T;
  commit: boolean;
}

/**
 * The store's pooled connections (search_path = its schema, int8 as number). Failures to
 * reach the server become StoreUnavailableError naming host:port, and a connection that
 * failed, or whose transaction could not be ended, is closed instead of reused.
 */
export class ConnectionPool {
  /** `host:port` of the server, for messages. */
  readonly target: string;
  /** Settings for extra connections to the same server and schema (the LISTEN connection). */
  readonly clientConfig: pg.ClientConfig;
  private readonly pool: pg.Pool;

  constructor(options: ConnectionPoolOptions) {
    this.target = describeTarget(options.connectionString);
    this.clientConfig = clientConfig(options);
    this.pool = new pg.Pool({ ...this.clientConfig, max: options.poolSize, idleTimeoutMillis: 30_000 });
    // An idle connection that breaks is removed by the pool; the next query connects anew.
    this.pool.on('error', (error) =>
      options.logger.warn({ err: error, target: this.target }, 'idle PostgreSQL connection failed'),
    );
  }

  /** Runs `work` on one pooled client; `discard` marks the client as not reusable. */
  async withClient<T>(
    work: (client: pg.PoolClient, discard: (reason: unknown) => void) => Promise<T>,
  ): Promise<T> {
    const client = await this.pool.connect().catch((error: unknown) => {
      throw toStoreError(error, this.target);
    });
    let broken: Error | undefined;
    const discard = (reason: unknown) => {
      broken ??= toError(reason);
    };
    // A checked-out client has no pool listener: without ours, a dropped connection would
    // surface as an uncaught 'error' event instead of failing the query in flight.
    client.on('error', discard);
    try {
      return await work(client, discard);
    } catch (error) {
      if (isUnavailable(error)) discard(error);
      throw toStoreError(error, this.target);
    } finally {
      client.removeListener('error', discard);
      client.release(broken);
    }
  }

  /** BEGIN … COMMIT, or ROLLBACK when `work` says so or throws. */
  inTransaction<T>(work: (client: pg.PoolClient) => Promise<TransactionOutcome<T>>): Promise<T> {
    return this.withClient(async (client, discard) => {
      await client.query('BEGIN');
      try {
        const { outcome, commit } = await work(client);
        await client.query(commit ? 'COMMIT' : 'ROLLBACK');
        return outcome;
      } catch (error) {
        if (isUnavailable(error)) discard(error);
        else await client.query('ROLLBACK').catch(discard);
        throw error;
      }
    });
  }

  /** Runs one statement and returns its rows. */
  async query<TRow extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<TRow[]> {
    return this.withClient(async (client) => (await client.query<TRow>(config)).rows);
  }

  /** Closes every connection once the clients in use are released. */
  end(): Promise<void> {
    return this.pool.end();
  }
}
