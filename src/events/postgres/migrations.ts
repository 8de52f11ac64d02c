import type pg from 'pg';
import type { Logger } from '../../kernel/index.js';
import type { ConnectionPool } from './connection-pool.js';
import { CORRELATION_ID_SQL } from './rows.js';
import type { SchemaNames } from './schema-names.js';

/** SQLSTATE of the error the append statement raises when a stream is not at the expected version. */
export const WRONG_EXPECTED_VERSION_SQLSTATE = 'VG409';

/** One schema change; applied once, in order, never edited after release (add a new one instead). */
export interface Migration {
  readonly version: number;
  readonly name: string;
  sql(names: SchemaNames): string;
}

/**
 * The global log is ordered by (transaction_id, position): positions come from a sequence and
 * may commit out of order, so readers only see transactions older than every running one.
 */
export const MIGRATIONS: ReadonlyArray<Migration> = [
  {
    version: 1,
    name: 'events and streams',
    sql: (n) => `
      CREATE TABLE ${n.streams} (
        stream_id text PRIMARY KEY,
        version bigint NOT NULL
      );
      CREATE TABLE ${n.events} (
        position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_version bigint NOT NULL,
        time timestamptz NOT NULL,
        event_id uuid NOT NULL,
        stream_id text NOT NULL,
        type text NOT NULL,
        data json NOT NULL,
        metadata json NOT NULL,
        CONSTRAINT events_event_id_key UNIQUE (event_id),
        CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version)
      );
      CREATE INDEX events_log_order ON ${n.events} (transaction_id, position);

      -- Raised inside the append statement so a version mismatch writes nothing.
      CREATE FUNCTION ${n.quoted}.raise_wrong_expected_version(stream_id text, actual bigint) RETURNS boolean
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'stream % is at version %, not at the expected one', stream_id, actual
          USING ERRCODE = '${WRONG_EXPECTED_VERSION_SQLSTATE}';
      END $$;

      -- Every statement that inserts events wakes the LISTENers of <schema>_events at commit.
      CREATE FUNCTION ${n.quoted}.notify_events_appended() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify(TG_TABLE_SCHEMA || '_events', '');
        RETURN NULL;
      END $$;
      CREATE TRIGGER events_appended AFTER INSERT ON ${n.events}
        FOR EACH STATEMENT EXECUTE FUNCTION ${n.quoted}.notify_events_appended();
    `,
  },
  {
    version: 2,
    name: 'announce appends after commit instead of from a trigger',
    // NOTIFY inside a transaction takes a database-wide lock held through commit, which
    // serialised every concurrent append. The store now sends one coalesced NOTIFY after
    // its commits (Notifier.announce), outside the append transaction.
    sql: (n) => `
      DROP TRIGGER IF EXISTS events_appended ON ${n.events};
      DROP FUNCTION IF EXISTS ${n.quoted}.notify_events_appended();
    `,
  },
  {
    version: 3,
    name: 'index events by correlation id',
    // Reading one chain (an alert's id) in log order would otherwise scan the whole log. Partial:
    // the bulk of the log (check results, samples) carries no correlation id and costs no entry.
    sql: (n) => `
      CREATE INDEX events_correlation ON ${n.events} (${CORRELATION_ID_SQL}, transaction_id, position)
        WHERE ${CORRELATION_ID_SQL} IS NOT NULL;
    `,
  },
];

/**
 * Creates the schema and applies pending migrations, each in its own transaction under an
 * advisory lock, so instances starting together apply each exactly once.
 */
export async function migrate(
  connections: ConnectionPool,
  names: SchemaNames,
  logger: Logger,
): Promise<void> {
  const lockKey = `vigia.migrations.${names.schema}`;
  await connections.withClient(async (client) => {
    await inTransaction(client, async () => {
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lockKey]);
      // Under the lock: concurrent CREATE SCHEMA IF NOT EXISTS can otherwise fail on a unique index.
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${names.quoted}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${names.migrations} (
           version integer PRIMARY KEY,
           name text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
    });
    for (const migration of MIGRATIONS) {
      await inTransaction(client, async () => {
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lockKey]);
        const applied = await client.query(`SELECT 1 FROM ${names.migrations} WHERE version = $1`, [
          migration.version,
        ]);
        if (applied.rowCount) return;
        await client.query(migration.sql(names));
        await client.query(`INSERT INTO ${names.migrations} (version, name) VALUES ($1, $2)`, [
          migration.version,
          migration.name,
        ]);
        logger.info(
          { schema: names.schema, migration: migration.version },
          `applied migration: ${migration.name}`,
        );
      });
    }
  });
}

async function inTransaction(client: pg.PoolClient, work: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    await work();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
