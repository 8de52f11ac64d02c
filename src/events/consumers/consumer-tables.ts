import type { EventStore } from '../event-store.js';

const ready = new WeakMap<EventStore, Promise<void>>();

/**
 * Tables shared by durable consumers, projections and snapshots, in portable SQL
 * (the same statements on SQLite and PostgreSQL). Created once per store.
 */
export function ensureConsumerTables(store: EventStore): Promise<void> {
  let promise = ready.get(store);
  if (!promise) {
    promise = store.withTransaction(async (tx) => {
      await tx.execute(`CREATE TABLE IF NOT EXISTS consumer_checkpoints (
        name TEXT PRIMARY KEY, position BIGINT NOT NULL, transaction_id TEXT, updated_at BIGINT NOT NULL)`);
      await tx.execute(`CREATE TABLE IF NOT EXISTS consumer_leases (
        name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at BIGINT NOT NULL)`);
      await tx.execute(`CREATE TABLE IF NOT EXISTS parked_events (
        consumer TEXT NOT NULL, event_id TEXT NOT NULL, position BIGINT NOT NULL, error TEXT NOT NULL,
        attempts INTEGER NOT NULL, parked_at BIGINT NOT NULL, PRIMARY KEY (consumer, event_id))`);
      await tx.execute(`CREATE TABLE IF NOT EXISTS projection_versions (
        name TEXT PRIMARY KEY, active_suffix TEXT NOT NULL, version INTEGER NOT NULL, updated_at BIGINT NOT NULL)`);
      await tx.execute(`CREATE TABLE IF NOT EXISTS snapshots (
        stream_id TEXT PRIMARY KEY, aggregate TEXT NOT NULL, schema_version INTEGER NOT NULL,
        stream_version INTEGER NOT NULL, position BIGINT NOT NULL, event_time BIGINT NOT NULL,
        state TEXT NOT NULL, taken_at BIGINT NOT NULL)`);
    });
    promise.catch(() => ready.delete(store));
    ready.set(store, promise);
  }
  return promise;
}
