import type { EventMetadata, LogFilter, RecordedEvent } from '../envelope.js';

/** An events row as this store's connections return it (int8 parsed as number, json parsed). */
export interface EventRow {
  position: number;
  transaction_id: string;
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  time: Date;
  data: unknown;
  metadata: EventMetadata;
}

export const EVENT_COLUMNS =
  'position, transaction_id, stream_id, stream_version, event_id, type, time, data, metadata';

/** Turns a stored row into the envelope callers see. */
export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    position: row.position,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    id: row.event_id,
    type: row.type,
    time: row.time,
    data: row.data,
    metadata: row.metadata,
    transactionId: row.transaction_id,
  };
}

/**
 * Rows of transactions older than every transaction still running: whatever commits later
 * sorts after them, so a reader never skips an event that was still being written.
 */
export const COMMITTED_HORIZON = 'transaction_id < (SELECT pg_snapshot_xmin(pg_current_snapshot()))';

/**
 * An event's correlation id, as the partial index `events_correlation` (migration 3) is written:
 * PostgreSQL uses an index on an expression only for that same expression.
 */
export const CORRELATION_ID_SQL = "(metadata ->> 'correlationId')";

/** SQL conditions for a global-log filter, pushing their parameters (prefixes need no LIKE escaping). */
export function filterToSql(filter: LogFilter | undefined, params: unknown[]): string {
  const clauses: string[] = [];
  if (filter?.correlationId !== undefined) {
    params.push(filter.correlationId);
    clauses.push(`${CORRELATION_ID_SQL} = $${params.length}`);
  }
  const anyPrefix = (column: string, prefixes: ReadonlyArray<string>) => {
    params.push([...prefixes]);
    return `EXISTS (SELECT 1 FROM unnest($${params.length}::text[]) AS prefix WHERE starts_with(${column}, prefix))`;
  };
  if (filter?.typePrefixes?.length) clauses.push(anyPrefix('type', filter.typePrefixes));
  if (filter?.streamPrefixes?.length) clauses.push(anyPrefix('stream_id', filter.streamPrefixes));
  if (filter?.fromTime) {
    params.push(filter.fromTime);
    clauses.push(`time >= $${params.length}`);
  }
  if (filter?.toTime) {
    params.push(filter.toTime);
    clauses.push(`time < $${params.length}`);
  }
  return clauses.map((clause) => ` AND ${clause}`).join('');
}
