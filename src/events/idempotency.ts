import type { AppendResult } from './envelope.js';
import { IdempotencyConflictError } from './errors.js';
import type { PreparedAppend } from './prepare-append.js';

/** Where an event id is stored already. */
export interface StoredEventRef {
  stream_id: string;
  stream_version: number;
  position: number;
}

/**
 * Decides what a re-append of stored event ids means. Undefined when none of the ids is
 * stored; the original result (`duplicate: true`) when every id is stored as this same run of
 * events in this stream; otherwise IdempotencyConflictError. Shared by every backend.
 */
export function duplicateResult(
  append: PreparedAppend,
  lookup: (eventId: string) => StoredEventRef | undefined,
): AppendResult | undefined {
  const { streamId, events } = append;
  const stored = events.map((e) => lookup(e.id));
  const firstStored = stored.findIndex((s) => s !== undefined);
  if (firstStored === -1) return undefined;
  const first = stored[0];
  if (first === undefined || stored.some((s) => s === undefined)) {
    throw new IdempotencyConflictError(
      streamId,
      events[firstStored]!.id,
      'while other events of this append are not',
    );
  }
  const positions: number[] = [];
  for (let i = 0; i < events.length; i++) {
    const s = stored[i]!;
    if (s.stream_id !== streamId || Number(s.stream_version) !== Number(first.stream_version) + i) {
      throw new IdempotencyConflictError(
        streamId,
        events[i]!.id,
        `as version ${s.stream_version} of stream "${s.stream_id}"`,
      );
    }
    positions.push(Number(s.position));
  }
  return {
    streamId,
    nextExpectedVersion: Number(first.stream_version) + events.length - 1,
    positions,
    eventIds: events.map((e) => e.id),
    duplicate: true,
  };
}
