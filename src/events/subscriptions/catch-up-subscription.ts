import {
  checkpointOf,
  LOG_START,
  type LogCheckpoint,
  type LogFilter,
  laterCheckpoint,
  type RecordedEvent,
} from '../envelope.js';
import type { EventStore } from '../event-store.js';

export interface CatchUpOptions {
  /** Start after this checkpoint; the start of the log when absent. */
  after?: LogCheckpoint;
  filter?: LogFilter;
  pageSize?: number;
  /** Ends the subscription; the iterator then returns. */
  signal: AbortSignal;
}

/**
 * Reads the log from a checkpoint to its end, then keeps yielding new events as they are
 * committed, woken by the store (no polling delay in-process). Not durable: the caller keeps
 * its own checkpoint (see DurableConsumer for one kept in the database).
 */
export async function* catchUpSubscription(
  store: EventStore,
  options: CatchUpOptions,
): AsyncGenerator<RecordedEvent> {
  let after = options.after ?? LOG_START;
  const pageSize = options.pageSize ?? 500;
  while (!options.signal.aborted) {
    // With a filter, events that do not match still move the log on: wait from the end seen
    // before this read, or a log full of other events would wake the wait at once, forever.
    const end = options.filter ? await store.endCheckpoint() : undefined;
    const page = await store.readAllPage(after, pageSize, options.filter);
    for (const event of page) {
      if (options.signal.aborted) return;
      yield event;
      after = checkpointOf(event);
    }
    if (page.length < pageSize) {
      // A short page read every matching event up to `end`: later reads start there, not at
      // the last match, so they never rescan the events the filter skipped.
      if (end) after = laterCheckpoint(after, end);
      await store.waitForEvents(after, options.signal);
    }
  }
}
