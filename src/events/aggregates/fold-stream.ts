import type { RecordedEvent } from '../envelope.js';
import type { EventStore } from '../event-store.js';

/** A point in the past to fold a stream at: a time, a global position, or a stream version (inclusive). */
export interface AsOf {
  time?: Date;
  position?: number;
  version?: number;
}

export interface FoldOptions<TState> {
  initial: TState;
  evolve: (state: TState, event: RecordedEvent) => TState;
  /** Start after this version (used with a snapshot whose state is `initial`). */
  afterVersion?: number;
  asOf?: AsOf;
  pageSize?: number;
}

/** True when `event` happened at or before `asOf`. */
export function isWithin(event: RecordedEvent, asOf: AsOf | undefined): boolean {
  if (!asOf) return true;
  if (asOf.time && event.time.getTime() > asOf.time.getTime()) return false;
  if (asOf.position !== undefined && event.position > asOf.position) return false;
  if (asOf.version !== undefined && event.streamVersion > asOf.version) return false;
  return true;
}

/**
 * Folds a stream's events into a state, optionally as of a time, position or version
 * (a temporal read: "what did this look like then"). Reads in pages.
 */
export async function foldStream<TState>(
  store: EventStore,
  streamId: string,
  options: FoldOptions<TState>,
): Promise<{ state: TState; version: number }> {
  const pageSize = options.pageSize ?? 1000;
  let state = options.initial;
  let version = options.afterVersion ?? 0;
  for (;;) {
    const page = await store.readStream(streamId, { fromVersion: version + 1, maxCount: pageSize });
    for (const event of page) {
      if (!isWithin(event, options.asOf)) return { state, version };
      state = options.evolve(state, event);
      version = event.streamVersion;
    }
    if (page.length < pageSize) return { state, version };
  }
}
