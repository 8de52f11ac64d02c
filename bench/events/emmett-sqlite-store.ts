import type { Event } from '@event-driven-io/emmett';
import {
  getSQLiteEventStore,
  readMessagesBatch,
  type SQLiteConnection,
  type SQLiteConnectionPool,
  type SQLiteEventStore,
  sqliteConnection,
} from '@event-driven-io/emmett-sqlite';
import {
  type BenchEvent,
  type BenchEventData,
  type BenchStore,
  PROJECTION_TABLE_SQL,
  type RunningProjection,
} from './bench-store.js';

/**
 * emmett-sqlite opens a fresh connection per operation by default and only sets
 * journal_mode=WAL, leaving synchronous at SQLite's default (FULL). To compare at equal
 * durability we hand it a pool holding one connection set to synchronous=NORMAL — the same
 * as Vigia — that serves one operation at a time, in order. One connection, because
 * node-sqlite3 runs statements on libuv's 4 worker threads: with a connection per writer, the
 * writers waiting in SQLite's busy handler hold those threads while the writer holding the lock
 * waits for one to commit — 16 concurrent appends stalled until the busy timeout, then failed
 * with SQLITE_BUSY. (emmett's singleton-connection option, by its code, shares one transaction
 * counter between concurrent appends, so their transactions would interleave.)
 */
function serializedConnectionPool(
  fileName: string,
): SQLiteConnectionPool & { pragmas: () => Promise<Record<string, unknown>> } {
  let connection: Promise<SQLiteConnection> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const open = async (): Promise<SQLiteConnection> => {
    const opened = sqliteConnection({ fileName });
    await opened.command('PRAGMA synchronous = NORMAL');
    await opened.command('PRAGMA busy_timeout = 5000');
    return opened;
  };
  const get = () => {
    connection ??= open();
    return connection;
  };
  const withConnection = <T>(handle: (connection: SQLiteConnection) => Promise<T>): Promise<T> => {
    const run = queue.then(async () => handle(await get()));
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    connection: get,
    withConnection,
    async close() {
      await queue;
      if (connection) (await connection).close();
      connection = undefined;
    },
    pragmas: () =>
      withConnection(async (db) => {
        const [journal] = await db.query<{ journal_mode: string }>('PRAGMA journal_mode');
        const [synchronous] = await db.query<{ synchronous: number }>('PRAGMA synchronous');
        const names = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];
        return { journal_mode: journal?.journal_mode, synchronous: names[synchronous?.synchronous ?? -1] };
      }),
  };
}

type EmmettBenchEvent = Event<string, BenchEventData>;

/** emmett's SQLite event store (on node-sqlite3) behind the benchmark's interface. */
export class EmmettSqliteBenchStore implements BenchStore {
  private constructor(
    private readonly store: SQLiteEventStore,
    private readonly pool: ReturnType<typeof serializedConnectionPool>,
  ) {}

  static async open(fileName: string): Promise<EmmettSqliteBenchStore> {
    const pool = serializedConnectionPool(fileName);
    const store = getSQLiteEventStore({ fileName, pool });
    await store.schema.migrate();
    return new EmmettSqliteBenchStore(store, pool);
  }

  /** The journal mode and synchronous level emmett's connections actually run with. */
  pragmas(): Promise<Record<string, unknown>> {
    return this.pool.pragmas();
  }

  async append(streamId: string, events: ReadonlyArray<BenchEvent>): Promise<void> {
    await this.store.appendToStream(streamId, [...events]);
  }

  /** readMessagesBatch: the paged global-log read emmett's own consumers use. */
  async readAll(pageSize: number, visit: (data: BenchEventData) => boolean): Promise<number> {
    let after = 0n;
    let count = 0;
    for (;;) {
      const batch = await this.pool.withConnection((connection) =>
        readMessagesBatch<EmmettBenchEvent>(connection, { after, batchSize: pageSize }),
      );
      for (const message of batch.messages) {
        count++;
        if (!visit(message.data)) return count;
      }
      if (!batch.areEventsLeft) return count;
      after = batch.currentGlobalPosition;
    }
  }

  /**
   * store.consumer() with one processor: it polls the log (backing off to 1 s when idle) and
   * handles each polled batch in one transaction, storing its checkpoint after each event.
   */
  async startProjection(
    name: string,
    seen: (data: BenchEventData, receivedAt: number) => void,
  ): Promise<RunningProjection> {
    const head = await this.pool.withConnection(async (connection) => {
      await connection.command(PROJECTION_TABLE_SQL);
      return connection.querySingle<{ head: number | null }>(
        'SELECT max(global_position) AS head FROM emt_messages',
      );
    });
    const consumer = this.store.consumer<EmmettBenchEvent>();
    consumer.processor<EmmettBenchEvent>({
      processorId: name,
      // Not 'END': in emmett 0.42 readLastMessageGlobalPosition sorts ascending, so 'END'
      // starts from the first event of the log. We pass the real head instead.
      startFrom: { globalPosition: BigInt(head?.head ?? 0) },
      eachMessage: async (event, { connection }) => {
        seen(event.data, performance.now());
        // node-sqlite3 binds a BigInt as NULL: pass the position as a number.
        await connection.command('INSERT INTO bench_projection (position, check_id, n) VALUES (?, ?, ?)', [
          Number(event.metadata.globalPosition),
          event.data.checkId,
          event.data.n,
        ]);
      },
    });
    const running = consumer.start().catch((error: unknown) => {
      console.error(`[emmett-sqlite] consumer failed: ${(error as Error).message}`);
    });
    return {
      async stop() {
        await consumer.stop();
        await running;
      },
    };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
