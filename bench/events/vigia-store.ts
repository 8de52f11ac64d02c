import { DurableConsumer, type EventStore } from '../../src/events/index.js';
import {
  type BenchEvent,
  type BenchEventData,
  type BenchStore,
  PROJECTION_TABLE_SQL,
  type RunningProjection,
} from './bench-store.js';

/** Vigia's event store (either backend) behind the benchmark's interface. */
export class VigiaBenchStore implements BenchStore {
  constructor(private readonly store: EventStore) {}

  async append(streamId: string, events: ReadonlyArray<BenchEvent>): Promise<void> {
    await this.store.appendToStream(streamId, events);
  }

  async readAll(pageSize: number, visit: (data: BenchEventData) => boolean): Promise<number> {
    let count = 0;
    for await (const event of this.store.readAll({ pageSize })) {
      count++;
      if (!visit(event.data as BenchEventData)) break;
    }
    return count;
  }

  /** A DurableConsumer: batches of events, read-model rows and checkpoint in one transaction. */
  async startProjection(
    name: string,
    seen: (data: BenchEventData, receivedAt: number) => void,
  ): Promise<RunningProjection> {
    await this.store.withTransaction((tx) => tx.execute(PROJECTION_TABLE_SQL));
    const consumer = new DurableConsumer(this.store, {
      name,
      startAt: 'end',
      handle: async (events, tx) => {
        const receivedAt = performance.now();
        for (const event of events) {
          const data = event.data as BenchEventData;
          seen(data, receivedAt);
          await tx.execute('INSERT INTO bench_projection (position, check_id, n) VALUES ($1, $2, $3)', [
            event.position,
            data.checkId,
            data.n,
          ]);
        }
      },
    });
    await consumer.start();
    return { stop: () => consumer.stop() };
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
