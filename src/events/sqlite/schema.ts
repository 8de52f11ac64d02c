import type Database from 'better-sqlite3';
import { CORRELATION_ID_SQL } from './rows.js';

/**
 * Versioned migrations of the SQLite event store, applied in order at open.
 * `PRAGMA user_version` records the last one applied. Never edit a shipped migration; add one.
 */
const MIGRATIONS: ReadonlyArray<{ name: string; sql: string }> = [
  {
    name: 'create events',
    sql: `
      CREATE TABLE events (
        position       INTEGER PRIMARY KEY,
        stream_id      TEXT    NOT NULL,
        stream_version INTEGER NOT NULL,
        event_id       TEXT    NOT NULL,
        type           TEXT    NOT NULL,
        time           INTEGER NOT NULL,
        data           TEXT    NOT NULL,
        metadata       TEXT    NOT NULL
      );
      CREATE UNIQUE INDEX events_stream_version ON events (stream_id, stream_version);
      CREATE UNIQUE INDEX events_event_id ON events (event_id);
    `,
  },
  {
    // Reading one chain (an alert's id) would otherwise scan the whole log. Partial: the bulk of
    // the log (check results, samples) carries no correlation id and costs no index entry.
    name: 'index events by correlation id',
    sql: `
      CREATE INDEX events_correlation ON events (${CORRELATION_ID_SQL})
        WHERE ${CORRELATION_ID_SQL} IS NOT NULL;
    `,
  },
];

/** Brings the database schema to the latest version inside one transaction. */
export function migrateSqlite(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `The data directory was written by a newer Vigia (schema ${current}, this one knows ${MIGRATIONS.length})`,
    );
  }
  if (current === MIGRATIONS.length) return;
  db.transaction(() => {
    for (let version = current; version < MIGRATIONS.length; version++) {
      db.exec(MIGRATIONS[version]!.sql);
    }
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
