import { ensureConsumerTables } from '../consumers/consumer-tables.js';
import type { LogCheckpoint } from '../envelope.js';
import type { EventStore } from '../event-store.js';
import type { SqlTransaction } from '../sql-transaction.js';

/** A loop's saved state and the log position it reflects. */
export interface SavedSnapshot {
  checkpoint: LogCheckpoint;
  state: unknown;
  savedAt: number;
}

const TABLE = 'alert_runtime_snapshots';

/**
 * Where the alert loops keep their in-memory state between runs: one row per loop holding the
 * state as JSON and the checkpoint it was taken at. Loading it and replaying the log after the
 * checkpoint rebuilds exactly the state the loop had (the loops' own decisions are in the log too).
 */
export class SnapshotStore {
  private ready: Promise<void> | undefined;

  constructor(private readonly store: EventStore) {}

  /** The last snapshot of loop `name`, if any. */
  async load(name: string): Promise<SavedSnapshot | undefined> {
    await this.ensureTable();
    const rows = await this.store.query<{ checkpoint: string; state: string; saved_at: number | string }>(
      `SELECT checkpoint, state, saved_at FROM ${TABLE} WHERE name = $1`,
      [name],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      checkpoint: JSON.parse(row.checkpoint) as LogCheckpoint,
      state: JSON.parse(row.state),
      savedAt: Number(row.saved_at),
    };
  }

  /** Saves the state of loop `name` at `checkpoint`, in `tx` (the lease check's transaction). */
  async save(tx: SqlTransaction, name: string, snapshot: SavedSnapshot): Promise<void> {
    await tx.execute(
      `INSERT INTO ${TABLE} (name, checkpoint, state, saved_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO UPDATE SET checkpoint = excluded.checkpoint, state = excluded.state,
       saved_at = excluded.saved_at`,
      [name, JSON.stringify(snapshot.checkpoint), JSON.stringify(snapshot.state), snapshot.savedAt],
    );
  }

  /** Forgets loop `name`'s state: it rebuilds from the start of the log on its next start. */
  async reset(name: string): Promise<void> {
    await this.ensureTable();
    await this.store.withTransaction((tx) => tx.execute(`DELETE FROM ${TABLE} WHERE name = $1`, [name]));
  }

  ensureTable(): Promise<void> {
    this.ready ??= (async () => {
      await ensureConsumerTables(this.store);
      await this.store.withTransaction((tx) =>
        tx.execute(`CREATE TABLE IF NOT EXISTS ${TABLE} (
          name TEXT PRIMARY KEY, checkpoint TEXT NOT NULL, state TEXT NOT NULL, saved_at BIGINT NOT NULL)`),
      );
    })();
    return this.ready;
  }
}
