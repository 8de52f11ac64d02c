import { dumbo, type SQLExecutor } from '@event-driven-io/dumbo';
import type { Event } from '@event-driven-io/emmett';
import {
  getPostgreSQLEventStore,
  type PostgresEventStore,
  readMessagesBatch,
} from '@event-driven-io/emmett-postgresql';
import pg from 'pg';
import {
  type BenchEvent,
  type BenchEventData,
  type BenchStore,
  PROJECTION_TABLE_SQL,
  type RunningProjection,
} from './bench-store.js';

type EmmettBenchEvent = Event<string, BenchEventData>;

/** emmett's PostgreSQL event store (on dumbo and node-postgres) behind the benchmark's interface. */
export class EmmettPostgresBenchStore implements BenchStore {
  private constructor(
    private readonly store: PostgresEventStore,
    private readonly pool: pg.Pool,
    private readonly execute: SQLExecutor,
  ) {}

  /** The store on a node-postgres pool of `poolSize` connections (the same size Vigia gets). */
  static async open(connectionString: string, poolSize: number): Promise<EmmettPostgresBenchStore> {
    const pool = new pg.Pool({ connectionString, max: poolSize });
    const store = getPostgreSQLEventStore(connectionString, { connectionOptions: { pool } });
    await store.schema.migrate();
    const { execute } = dumbo({ connectionString, pool });
    return new EmmettPostgresBenchStore(store, pool, execute);
  }

  async append(streamId: string, events: ReadonlyArray<BenchEvent>): Promise<void> {
    await this.store.appendToStream(streamId, [...events]);
  }

  /** readMessagesBatch: the paged global-log read emmett's own consumers use. */
  async readAll(pageSize: number, visit: (data: BenchEventData) => boolean): Promise<number> {
    let after = 0n;
    let count = 0;
    for (;;) {
      const batch = await readMessagesBatch<EmmettBenchEvent>(this.execute, { after, batchSize: pageSize });
      for (const message of batch.messages) {
        count++;
        if (!visit(message.data)) return count;
      }
      if (!batch.areMessagesLeft) return count;
      after = batch.currentGlobalPosition;
    }
  }

  /**
   * store.consumer() with one reactor: it polls the log (backing off to 1 s when idle) and
   * handles each polled batch in one transaction, storing its checkpoint after each event.
   */
  async startProjection(
    name: string,
    seen: (data: BenchEventData, receivedAt: number) => void,
  ): Promise<RunningProjection> {
    await this.pool.query(PROJECTION_TABLE_SQL);
    const head = await this.pool.query<{ head: string | null }>(
      'SELECT max(global_position) AS head FROM emt_messages',
    );
    const consumer = this.store.consumer<EmmettBenchEvent>();
    consumer.reactor<EmmettBenchEvent>({
      processorId: name,
      // Not 'END': in emmett 0.42 readLastMessageGlobalPosition sorts ascending, so 'END'
      // starts from the first event of the log. We pass the real head instead.
      startFrom: { lastCheckpoint: BigInt(head.rows[0]?.head ?? 0) },
      eachMessage: async (event, context) => {
        seen(event.data, performance.now());
        await context.connection.client.query(
          'INSERT INTO bench_projection (position, check_id, n) VALUES ($1, $2, $3)',
          [String(event.metadata.globalPosition), event.data.checkId, event.data.n],
        );
      },
    });
    const running = consumer.start().catch((error: unknown) => {
      console.error(`[emmett-postgresql] consumer failed: ${(error as Error).message}`);
    });
    return {
      async stop() {
        await consumer.stop();
        await running;
      },
    };
  }

  async close(): Promise<void> {
    await this.store.close();
    await this.pool.end();
  }
}
