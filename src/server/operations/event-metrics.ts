import type { EventStore } from '../../events/index.js';
import { Counter, type Registry } from '../../kernel/index.js';

const NAME = 'vigia_events_appended_total';

/** Counts the events this process appends to `store` (after commit); returns the unsubscriber. */
export function countAppendedEvents(registry: Registry, store: EventStore): () => void {
  const counter =
    (registry.getSingleMetric(NAME) as Counter | undefined) ??
    new Counter({
      name: NAME,
      help: 'Events appended to the event store by this process (idempotent re-appends excluded)',
      registers: [registry],
    });
  return store.onAppended((events) => counter.inc(events.length));
}
