import type pg from 'pg';
import { COMMITTED_HORIZON, EVENT_COLUMNS } from './rows.js';
import type { SchemaNames } from './schema-names.js';

export type ReadStatements = ReturnType<typeof readStatements>;

/** The fixed read SQL of a store, named so each connection parses and plans it once. */
export function readStatements(n: SchemaNames) {
  const named = (name: string, text: string): pg.QueryConfig => ({ name: `vigia_${name}`, text });
  return {
    streamForward: named(
      'stream_forward',
      `SELECT ${EVENT_COLUMNS} FROM ${n.events} WHERE stream_id = $1 AND stream_version >= $2
       ORDER BY stream_version LIMIT $3`,
    ),
    streamBackward: named(
      'stream_backward',
      `SELECT ${EVENT_COLUMNS} FROM ${n.events} WHERE stream_id = $1 AND stream_version <= $2
       ORDER BY stream_version DESC LIMIT $3`,
    ),
    streamVersion: named('stream_version', `SELECT version FROM ${n.streams} WHERE stream_id = $1`),
    headPosition: named(
      'head_position',
      `SELECT position FROM ${n.events} WHERE ${COMMITTED_HORIZON} ORDER BY position DESC LIMIT 1`,
    ),
    readableHead: named(
      'readable_head',
      `SELECT transaction_id, position FROM ${n.events} WHERE ${COMMITTED_HORIZON}
       ORDER BY transaction_id DESC, position DESC LIMIT 1`,
    ),
    transactionAt: named(
      'transaction_at',
      `SELECT transaction_id FROM ${n.events} WHERE position <= $1 ORDER BY position DESC LIMIT 1`,
    ),
    totals: `SELECT (SELECT count(*) FROM ${n.events}) AS events,
                    (SELECT count(*) FROM ${n.streams} WHERE version > 0) AS streams,
                    pg_total_relation_size('${n.events}') + pg_total_relation_size('${n.streams}') AS size_bytes`,
    eventTypes: `SELECT type, count(*) AS count FROM ${n.events} GROUP BY type ORDER BY count DESC, type COLLATE "C"`,
  };
}
