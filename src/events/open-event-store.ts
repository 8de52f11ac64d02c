import path from 'node:path';
import type { Clock, Logger, VigiaConfig } from '../kernel/index.js';
import { StoreUnavailableError } from './errors.js';
import type { EventStore } from './event-store.js';
import { PostgresEventStore } from './postgres/postgres-event-store.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';

export interface OpenEventStoreOptions {
  clock?: Clock;
  logger?: Logger;
}

/** The SQLite file of the embedded store inside a data directory. */
export function sqliteFileIn(dataDir: string): string {
  return path.join(dataDir, 'events.db');
}

/** Opens the store the configuration names: SQLite in the data directory, or PostgreSQL. */
export async function openEventStore(
  config: VigiaConfig,
  options: OpenEventStoreOptions = {},
): Promise<EventStore> {
  const { events } = config;
  if (events.backend === 'postgres') {
    if (!events.postgres.url) {
      throw new StoreUnavailableError(
        'events.backend is "postgres" but events.postgres.url (VIGIA_POSTGRES_URL) is not set',
      );
    }
    return PostgresEventStore.open({
      connectionString: events.postgres.url,
      schema: events.postgres.schema,
      poolSize: events.postgres.poolSize,
      maxEventBytes: events.maxEventBytes,
      clock: options.clock,
      logger: options.logger,
    });
  }
  return SqliteEventStore.open({
    file: sqliteFileIn(config.dataDir),
    synchronous: events.sqlite.synchronous,
    maxEventBytes: events.maxEventBytes,
    clock: options.clock,
    logger: options.logger,
  });
}
