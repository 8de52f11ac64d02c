import { api } from '../../api.js';
import { ErrorMessage } from '../../ui/error-message.js';
import { formatTime } from '../../ui/format.js';
import { useApi } from '../../ui/use-api.js';
import {
  describeServiceEvent,
  isServiceEvent,
  keepNewest,
  type LogEvent,
  serviceEventsPath,
} from './monitor-events.js';
import type { MonitorRow } from './monitor-rows.js';

const SHOWN = 20;
const SPAN_MS = 7 * 86_400_000;
/** Pages of the log read at most (1,000 events each) before showing what was found. */
const MAX_PAGES = 20;

/** The newest events about the service's monitors over the last 7 days: status changes and definition changes. */
export function RecentEvents(props: { service: string; monitors: readonly MonitorRow[]; refresh: number }) {
  const ids = props.monitors.map((m) => m.monitorId);
  const events = useApi(`events:${props.service}:${ids.join(',')}:${props.refresh}`, () =>
    loadRecent(props.service, ids),
  );
  const names = new Map(props.monitors.map((m) => [m.monitorId, m.monitor]));
  const lines = (events.data?.events ?? []).map((e) => describeServiceEvent(e, names)).reverse();
  return (
    <section aria-labelledby="events-title">
      <h2 id="events-title">Recent events</h2>
      <ErrorMessage error={events.error} />
      {!events.data && !events.error && <p aria-busy="true">Reading the event log…</p>}
      {events.data && lines.length === 0 && (
        <p>Nothing happened to this service’s monitors in the last 7 days.</p>
      )}
      {events.data?.truncated && (
        <p class="note">
          The log holds more events than one look reads: these are the newest of the first {MAX_PAGES * 1000}{' '}
          since 7 days ago.
        </p>
      )}
      {lines.length > 0 && (
        <ol class="feed" aria-label={`Newest events of ${props.service}, newest first`}>
          {lines.map((line) => (
            <li key={line.id}>
              <time dateTime={line.at}>{formatTime(line.at)}</time> {line.text}
              {line.actor && <span class="note"> by {line.actor}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

async function loadRecent(
  service: string,
  ids: string[],
): Promise<{ events: LogEvent[]; truncated: boolean }> {
  const idSet = new Set(ids);
  const since = new Date(Date.now() - SPAN_MS).toISOString();
  let kept: LogEvent[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer: { events: LogEvent[]; next: string | null } = await api(
      'GET',
      serviceEventsPath(ids, since, after),
    );
    kept = keepNewest(
      kept,
      answer.events.filter((e) => isServiceEvent(e, service, idSet)),
      SHOWN,
    );
    if (!answer.next) return { events: kept, truncated: false };
    after = answer.next;
  }
  return { events: kept, truncated: true };
}
