import { ValidationError } from '../kernel/index.js';
import { LOG_START, type LogCheckpoint, type StreamAppend } from './envelope.js';

/** Event type recording one batch of compaction (in stream `store-maintenance`). */
export const EVENTS_COMPACTED = 'store.events_compacted';

/** Stream of the store's own maintenance records. */
export const STORE_MAINTENANCE_STREAM = 'store-maintenance';

/** Events examined per batch when the caller names no limit. */
export const DEFAULT_COMPACT_LIMIT = 10_000;

/** The largest batch allowed: a batch holds the SQLite write lock (or one PG transaction) throughout. */
export const MAX_COMPACT_LIMIT = 100_000;

/** What one `EventStore.compact` batch deletes. */
export interface CompactOptions {
  /** Event types to delete, compared exactly (not prefixes). */
  types: ReadonlyArray<string>;
  /** Only events recorded before this time. */
  before: Date;
  /** Only events at or before this checkpoint: what every read model that needs them has consumed. */
  upTo: LogCheckpoint;
  /** Continue after this checkpoint (the `next` of the previous batch); the start of the log when absent. */
  after?: LogCheckpoint;
  /** Events examined (so at most deleted) in this batch; default 10,000, at most 100,000. */
  limit?: number;
}

/** What one compaction batch did. */
export interface CompactResult {
  /** Events deleted by this batch. */
  deleted: number;
  /** True when the batch stopped at its limit before the end of the range: call again with `after: next`. */
  more: boolean;
  /** The checkpoint after the last event this batch examined: pass it as `after` to the next batch. */
  next: LogCheckpoint;
}

/** Payload of `store.events_compacted` (schema version 1). */
export interface EventsCompactedData {
  types: string[];
  /** ISO time: events recorded before it were eligible. */
  before: string;
  upTo: LogCheckpoint;
  deleted: number;
  /** Global positions of the first and last event deleted by this batch. */
  firstPosition: number;
  lastPosition: number;
}

/** Compaction options after validation, with defaults applied. */
export interface ValidCompaction {
  types: string[];
  before: Date;
  upTo: LogCheckpoint;
  after: LogCheckpoint;
  limit: number;
}

const TRANSACTION_ID = /^\d{1,20}$/;

/** Checks compaction options, naming the offending field; the store deletes nothing on bad input. */
export function validateCompactOptions(options: CompactOptions): ValidCompaction {
  if (typeof options !== 'object' || options === null) {
    throw invalid('options', 'compact needs an options object with types, before and upTo', options);
  }
  const { types, before } = options;
  if (!Array.isArray(types) || types.length === 0 || types.length > 100) {
    throw invalid('types', 'types must be a list of 1 to 100 event types', types);
  }
  for (const [index, type] of types.entries()) {
    if (typeof type !== 'string' || type.length === 0 || type.length > 255 || /\s/.test(type)) {
      throw invalid(`types[${index}]`, 'each type must be a non-empty event type without spaces', type);
    }
    if (type === EVENTS_COMPACTED) {
      throw invalid(
        `types[${index}]`,
        `${EVENTS_COMPACTED} records compaction itself and is never compacted`,
        type,
      );
    }
  }
  if (!(before instanceof Date) || Number.isNaN(before.getTime())) {
    throw invalid('before', 'before must be a valid Date', before);
  }
  const limit = options.limit ?? DEFAULT_COMPACT_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_COMPACT_LIMIT) {
    throw invalid('limit', `limit must be an integer from 1 to ${MAX_COMPACT_LIMIT}`, limit);
  }
  return {
    types: [...new Set(types)],
    before,
    upTo: validCheckpoint('upTo', options.upTo),
    after: options.after === undefined ? LOG_START : validCheckpoint('after', options.after),
    limit,
  };
}

function validCheckpoint(field: string, checkpoint: unknown): LogCheckpoint {
  const value = checkpoint as LogCheckpoint | null | undefined;
  if (typeof value !== 'object' || value === null) {
    throw invalid(field, `${field} must be a log checkpoint { position, transactionId? }`, checkpoint);
  }
  if (!Number.isSafeInteger(value.position) || value.position < 0) {
    throw invalid(`${field}.position`, `${field}.position must be an integer ≥ 0`, value.position);
  }
  if (
    value.transactionId !== undefined &&
    (typeof value.transactionId !== 'string' || !TRANSACTION_ID.test(value.transactionId))
  ) {
    throw invalid(
      `${field}.transactionId`,
      `${field}.transactionId must be a decimal PostgreSQL transaction id`,
      value.transactionId,
    );
  }
  return value.transactionId === undefined
    ? { position: value.position }
    : { position: value.position, transactionId: value.transactionId };
}

function invalid(path: string, expected: string, got: unknown): ValidationError {
  let shown: string;
  try {
    shown = got instanceof Date ? got.toString() : (JSON.stringify(got) ?? String(got));
  } catch {
    shown = String(got);
  }
  return new ValidationError(`Invalid compaction ${path}: ${expected}, got ${shown}`, [
    { path, message: expected },
  ]);
}

/** A row of the log as compaction sees it (no payload). */
export interface CompactionCandidate {
  position: number;
  transactionId?: string;
  streamId: string;
  streamVersion: number;
  type: string;
  time: number;
}

/** Which events of one examined window to delete, and where the batch ends. */
export interface CompactionPlan {
  /** Positions to delete, in log order. */
  positions: number[];
  more: boolean;
  next: LogCheckpoint;
}

/**
 * Decides one batch from the window of the log it examined (in log order, at most `limit` rows):
 * events of the given types, recorded before `before`, that are not their stream's last event.
 * The range ends when the window is short (it reached `upTo`) or holds no event older than
 * `before` (it is past the retention boundary), so a run never walks the retained log.
 */
export async function planCompaction(
  window: ReadonlyArray<CompactionCandidate>,
  compaction: ValidCompaction,
  lastVersionsOf: (streamIds: string[]) => Promise<Map<string, number>>,
): Promise<CompactionPlan> {
  const before = compaction.before.getTime();
  const types = new Set(compaction.types);
  const eligible = window.filter((row) => types.has(row.type) && row.time < before);
  const lastVersions =
    eligible.length === 0 ? new Map<string, number>() : await lastVersionsOf(distinctStreams(eligible));
  // A stream missing from the map has no committed last version to compare with: keep its events.
  const positions = eligible
    .filter((row) => row.streamVersion < (lastVersions.get(row.streamId) ?? row.streamVersion))
    .map((row) => row.position);
  const last = window[window.length - 1];
  const next = last
    ? last.transactionId === undefined
      ? { position: last.position }
      : { position: last.position, transactionId: last.transactionId }
    : compaction.after;
  const more = window.length === compaction.limit && window.some((row) => row.time < before);
  return { positions, more, next };
}

function distinctStreams(rows: ReadonlyArray<CompactionCandidate>): string[] {
  return [...new Set(rows.map((row) => row.streamId))];
}

/** The append recording a batch that deleted `positions` (non-empty, in log order). */
export function compactionRecord(
  compaction: ValidCompaction,
  positions: ReadonlyArray<number>,
): StreamAppend {
  let firstPosition = Number.POSITIVE_INFINITY;
  let lastPosition = 0;
  for (const position of positions) {
    if (position < firstPosition) firstPosition = position;
    if (position > lastPosition) lastPosition = position;
  }
  const data: EventsCompactedData = {
    types: compaction.types,
    before: compaction.before.toISOString(),
    upTo: compaction.upTo,
    deleted: positions.length,
    firstPosition,
    lastPosition,
  };
  return {
    streamId: STORE_MAINTENANCE_STREAM,
    events: [{ type: EVENTS_COMPACTED, data, metadata: { actor: 'system:events' } }],
  };
}
