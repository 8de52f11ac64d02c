import { useState } from 'preact/hooks';
import type { LiveEvent } from '../../live/live-stream.js';
import { useLiveEvents } from '../../live/use-live-events.js';

const KEPT = 50;

/** The newest events of the log as they are appended (alerts, healing, status changes). */
export function LiveFeed({ onEvent }: { onEvent?: (event: LiveEvent) => void }) {
  const [events, setEvents] = useState<LiveEvent[]>([]);
  const { connected } = useLiveEvents(
    ['alerts.alert_', 'healing.', 'monitor.status_changed', 'demo.'],
    (event) => {
      setEvents((list) => [event, ...list].slice(0, KEPT));
      onEvent?.(event);
    },
  );
  return (
    <section aria-labelledby="live-feed">
      <h2 id="live-feed">
        Live events{' '}
        <small class={connected ? 'live' : 'offline'}>{connected ? 'live' : 'reconnecting…'}</small>
      </h2>
      {events.length === 0 ? (
        <p>Nothing yet: new alerts, healing steps and status changes appear here as they happen.</p>
      ) : (
        <ol class="feed" aria-live="polite">
          {events.map((event) => (
            <li key={event.id}>
              <time dateTime={event.time}>{new Date(event.time).toLocaleTimeString()}</time>{' '}
              <code>{event.type}</code> <span>{summaryOf(event)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** One line about the event: the service, rule or target its data names. */
function summaryOf(event: LiveEvent): string {
  const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Record<
    string,
    unknown
  >;
  const labels = (data.labels ?? {}) as Record<string, unknown>;
  const parts = [
    data.ruleName,
    labels.service ?? data.service ?? data.target,
    data.to,
    data.step,
    data.reason,
  ];
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join(' · ');
}
