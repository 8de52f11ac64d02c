import { ensureConsumerTables } from '../consumers/consumer-tables.js';
import type { RecordedEvent } from '../envelope.js';
import type { EventStore } from '../event-store.js';
import { type AsOf, foldStream } from './fold-stream.js';

/** How a kind of aggregate is rebuilt from its events. */
export interface AggregateDefinition<TState> {
  /** Name stored with snapshots, e.g. `monitor`. */
  readonly name: string;
  initialState(): TState;
  evolve(state: TState, event: RecordedEvent): TState;
  /** Bump when the state's shape changes: older snapshots are then ignored. Default 1. */
  readonly snapshotSchemaVersion?: number;
}

export interface LoadedAggregate<TState> {
  state: TState;
  /** The stream version the state reflects (0 for an empty stream). */
  version: number;
  /** The stream version of the snapshot the load started from, if any. */
  fromSnapshot?: number;
}

interface SnapshotRow {
  schema_version: number;
  stream_version: number;
  position: number | string;
  event_time: number | string;
  state: string;
}

/** Loads aggregates from the latest usable snapshot plus the events after it. */
export class AggregateRepository<TState> {
  constructor(
    private readonly store: EventStore,
    private readonly definition: AggregateDefinition<TState>,
  ) {}

  /** The aggregate's state now, or as of a time, position or version. */
  async load(streamId: string, asOf?: AsOf): Promise<LoadedAggregate<TState>> {
    const snapshot = await this.usableSnapshot(streamId, asOf);
    const { state, version } = await foldStream(this.store, streamId, {
      initial: snapshot ? (JSON.parse(snapshot.state) as TState) : this.definition.initialState(),
      evolve: (s, e) => this.definition.evolve(s, e),
      afterVersion: snapshot ? Number(snapshot.stream_version) : 0,
      asOf,
    });
    return snapshot ? { state, version, fromSnapshot: Number(snapshot.stream_version) } : { state, version };
  }

  private async usableSnapshot(streamId: string, asOf: AsOf | undefined): Promise<SnapshotRow | undefined> {
    await ensureConsumerTables(this.store);
    const rows = await this.store.withTransaction((tx) =>
      tx.query<SnapshotRow>(
        'SELECT schema_version, stream_version, position, event_time, state FROM snapshots WHERE stream_id = $1 AND aggregate = $2',
        [streamId, this.definition.name],
      ),
    );
    const row = rows[0];
    if (!row || Number(row.schema_version) !== (this.definition.snapshotSchemaVersion ?? 1)) return undefined;
    if (asOf?.version !== undefined && Number(row.stream_version) > asOf.version) return undefined;
    if (asOf?.position !== undefined && Number(row.position) > asOf.position) return undefined;
    if (asOf?.time && Number(row.event_time) > asOf.time.getTime()) return undefined;
    return row;
  }
}
