import { checkpointOf, LOG_START, type ReadAllOptions, type RecordedEvent } from './envelope.js';
import type { EventStore } from './event-store.js';

/** Walks the global log page by page through `readAllPage`, so memory is bounded by one page. */
export async function* readAllPaged(
  store: Pick<EventStore, 'readAllPage'>,
  options: ReadAllOptions = {},
): AsyncGenerator<RecordedEvent> {
  const pageSize = options.pageSize ?? 1000;
  let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
  let after = options.after ?? LOG_START;
  while (remaining > 0) {
    const page = await store.readAllPage(after, Math.min(pageSize, remaining), options.filter);
    for (const event of page) yield event;
    if (page.length === 0) return;
    remaining -= page.length;
    after = checkpointOf(page[page.length - 1]!);
    if (page.length < Math.min(pageSize, remaining + page.length)) return;
  }
}
