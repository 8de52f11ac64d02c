import type { LogFilter, RecordedEvent } from '../envelope.js';

/** An events table row as SQLite returns it. */
export interface EventRow {
  position: number;
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  time: number;
  data: string;
  metadata: string;
}

export const EVENT_COLUMNS = 'position, stream_id, stream_version, event_id, type, time, data, metadata';

/** Turns a stored row into the envelope callers see. */
export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    position: row.position,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    id: row.event_id,
    type: row.type,
    time: new Date(row.time),
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
  };
}

/** A row fetched in raw mode: the columns of EVENT_COLUMNS, in order (cheaper than an object per row). */
export type RawEventRow = [number, string, number, string, string, number, string, string];

/** Turns a raw row into the envelope callers see. */
export function rawToRecordedEvent(row: RawEventRow): RecordedEvent {
  return {
    position: row[0],
    streamId: row[1],
    streamVersion: row[2],
    id: row[3],
    type: row[4],
    time: new Date(row[5]),
    data: JSON.parse(row[6]),
    metadata: JSON.parse(row[7]),
  };
}

/**
 * An event's correlation id, written exactly as the partial index `events_correlation` is (see
 * schema.ts): SQLite uses an index on an expression only for that same expression.
 */
export const CORRELATION_ID_SQL = "json_extract(metadata, '$.correlationId')";

/** SQL conditions and parameters for a global-log filter (prefixes compared with substr, so no LIKE escaping). */
export function filterToSql(filter: LogFilter | undefined): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter?.correlationId !== undefined) {
    clauses.push(`${CORRELATION_ID_SQL} = ?`);
    params.push(filter.correlationId);
  }
  if (filter?.typePrefixes?.length) {
    clauses.push(`(${filter.typePrefixes.map(() => 'substr(type, 1, ?) = ?').join(' OR ')})`);
    for (const prefix of filter.typePrefixes) params.push(prefix.length, prefix);
  }
  if (filter?.streamPrefixes?.length) {
    clauses.push(`(${filter.streamPrefixes.map(() => 'substr(stream_id, 1, ?) = ?').join(' OR ')})`);
    for (const prefix of filter.streamPrefixes) params.push(prefix.length, prefix);
  }
  if (filter?.fromTime) {
    clauses.push('time >= ?');
    params.push(filter.fromTime.getTime());
  }
  if (filter?.toTime) {
    clauses.push('time < ?');
    params.push(filter.toTime.getTime());
  }
  return { where: clauses.length ? ` AND ${clauses.join(' AND ')}` : '', params };
}
