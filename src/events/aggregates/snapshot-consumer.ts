import type { Clock, Logger, Registry } from '../../kernel/index.js';
import { DurableConsumer } from '../consumers/durable-consumer.js';
import type { RecordedEvent } from '../envelope.js';
import type { EventStore } from '../event-store.js';
import type { SqlTransaction } from '../sql-transaction.js';
import type { AggregateDefinition } from './aggregate-repository.js';

export interface SnapshotOptions<TState> {
  definition: AggregateDefinition<TState>;
  /** Streams of this aggregate start with this prefix, e.g. `monitor-`. */
  streamPrefix: string;
  /** Take a snapshot each time a stream's version crosses a multiple of this. Default 100. */
  every?: number;
  clock?: Clock;
  logger?: Logger;
  metrics?: Registry;
}

interface StoredSnapshot<TState> {
  version: number;
  state: TState;
}

/**
 * Snapshots as a projection: a durable consumer that folds each stream of one aggregate and
 * stores its state every `every` events, so loads read the snapshot plus a short tail.
 */
export function createSnapshotConsumer<TState>(
  store: EventStore,
  options: SnapshotOptions<TState>,
): DurableConsumer {
  const every = options.every ?? 100;
  const { definition } = options;
  const schemaVersion = definition.snapshotSchemaVersion ?? 1;
  return new DurableConsumer(store, {
    name: `snapshots:${definition.name}`,
    filter: { streamPrefixes: [options.streamPrefix] },
    clock: options.clock,
    logger: options.logger,
    metrics: options.metrics,
    handle: async (events, tx) => {
      const byStream = new Map<string, RecordedEvent[]>();
      for (const event of events) {
        const list = byStream.get(event.streamId) ?? [];
        list.push(event);
        byStream.set(event.streamId, list);
      }
      for (const [streamId, streamEvents] of byStream) {
        let current = await readSnapshot<TState>(tx, streamId, definition.name, schemaVersion);
        for (const event of streamEvents) {
          if (current && event.streamVersion <= current.version) continue;
          if (!current && event.streamVersion > 1) {
            // No snapshot yet and history before this batch: fold that history once.
            current = await foldFromStart(store, definition, streamId, event.streamVersion - 1);
          }
          const state = definition.evolve(current?.state ?? definition.initialState(), event);
          current = { version: event.streamVersion, state };
          if (event.streamVersion % every === 0) {
            await writeSnapshot(
              tx,
              streamId,
              definition.name,
              schemaVersion,
              event,
              state,
              options.clock?.now() ?? Date.now(),
            );
          }
        }
      }
    },
  });
}

async function foldFromStart<TState>(
  store: EventStore,
  definition: AggregateDefinition<TState>,
  streamId: string,
  upToVersion: number,
): Promise<StoredSnapshot<TState>> {
  let state = definition.initialState();
  const events = await store.readStream(streamId, { fromVersion: 1, maxCount: upToVersion });
  for (const event of events) state = definition.evolve(state, event);
  return { version: upToVersion, state };
}

async function readSnapshot<TState>(
  tx: SqlTransaction,
  streamId: string,
  aggregate: string,
  schemaVersion: number,
): Promise<StoredSnapshot<TState> | undefined> {
  const rows = await tx.query<{ stream_version: number; state: string; schema_version: number }>(
    'SELECT stream_version, state, schema_version FROM snapshots WHERE stream_id = $1 AND aggregate = $2',
    [streamId, aggregate],
  );
  const row = rows[0];
  if (!row || Number(row.schema_version) !== schemaVersion) return undefined;
  return { version: Number(row.stream_version), state: JSON.parse(row.state) as TState };
}

async function writeSnapshot(
  tx: SqlTransaction,
  streamId: string,
  aggregate: string,
  schemaVersion: number,
  event: RecordedEvent,
  state: unknown,
  now: number,
): Promise<void> {
  await tx.execute(
    `INSERT INTO snapshots (stream_id, aggregate, schema_version, stream_version, position, event_time, state, taken_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (stream_id) DO UPDATE SET aggregate = excluded.aggregate, schema_version = excluded.schema_version,
       stream_version = excluded.stream_version, position = excluded.position, event_time = excluded.event_time,
       state = excluded.state, taken_at = excluded.taken_at`,
    [
      streamId,
      aggregate,
      schemaVersion,
      event.streamVersion,
      event.position,
      event.time.getTime(),
      JSON.stringify(state),
      now,
    ],
  );
}
