import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useLiveEvents } from '../../live/use-live-events.js';
import { ErrorMessage } from '../../ui/error-message.js';
import { formatTime } from '../../ui/format.js';
import { EventFilterForm } from './event-filter-form.js';
import { matchesFilters } from './event-log.js';
import { type EventFilters, filtersFromQuery } from './events-query.js';
import { EventsTable } from './events-table.js';
import { useLogPages } from './use-log-pages.js';
import './events.css';

const PAGE_SIZE = 50;
/** A burst of live events makes one read. */
const LIVE_READ_AFTER_MS = 250;

/** The events explorer: the global log filtered by type, stream, time and chain, page by page, optionally live. */
export function EventsPage({ query }: { query: URLSearchParams }) {
  const filters = useMemo(() => filtersFromQuery(query), [query.toString()]);
  const { log, loading, error, readOn } = useLogPages(filters, PAGE_SIZE);
  const [opened, setOpened] = useState<ReadonlySet<string>>(
    () => new Set(filters.open ? [filters.open] : []),
  );
  const [live, setLive] = useState(false);
  useEffect(() => setOpened(new Set(filters.open ? [filters.open] : [])), [filters.open]);

  const toggle = (id: string) =>
    setOpened((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  // At the end of the log so far (not while the first page is on its way).
  const caughtUp = log.next === null && (!loading || log.events.length > 0);

  return (
    <section class="events-page" aria-labelledby="events-title">
      <h1 id="events-title">Events</h1>
      <p class="muted">
        Every fact Vigia knows, in the order it was recorded. Filter, then open an event to read its data.
      </p>
      <EventFilterForm filters={filters} />
      <FilterSummary filters={filters} />
      <div class="events-toolbar">
        <label class="live-toggle">
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.currentTarget.checked)} />
          Live: add new events as they are recorded
        </label>
        {live && <LiveFollower filters={filters} caughtUp={caughtUp} onMatch={readOn} />}
      </div>
      <ErrorMessage error={error} />
      <h2 class="visually-hidden">Results</h2>
      {log.events.length === 0 ? (
        <p aria-busy={loading}>{loading ? 'Loading events…' : 'No event matches these filters.'}</p>
      ) : (
        <EventsTable events={log.events} opened={opened} onToggle={toggle} />
      )}
      <p class="events-more" aria-live="polite">
        <span class="muted">
          {log.events.length} event{log.events.length === 1 ? '' : 's'} shown
          {log.next === null && log.events.length > 0 ? ', up to the latest' : ''}.
        </span>{' '}
        {log.events.length > 0 && (
          <button type="button" onClick={readOn} disabled={loading}>
            {log.next ? 'Load more' : 'Check for newer events'}
          </button>
        )}
      </p>
    </section>
  );
}

/** Which filters are on, in words. */
function FilterSummary({ filters }: { filters: EventFilters }) {
  const parts: string[] = [];
  if (filters.types.length) parts.push(`type ${filters.types.join(' or ')}…`);
  if (filters.streams.length) parts.push(`stream ${filters.streams.join(' or ')}…`);
  if (filters.correlationId) parts.push(`chain ${filters.correlationId}`);
  if (filters.since) parts.push(`since ${formatTime(filters.since)}`);
  if (filters.until) parts.push(`until ${formatTime(filters.until)}`);
  if (filters.after) parts.push(`after position ${filters.after}`);
  return (
    <p class="filter-summary">{parts.length ? `Showing: ${parts.join(', ')}.` : 'Showing the whole log.'}</p>
  );
}

/**
 * Follows the live stream while shown: a new event the filters match makes the page read on
 * (debounced), once the table has reached the end of the log; before that, "Load more" gets there.
 */
function LiveFollower({
  filters,
  caughtUp,
  onMatch,
}: {
  filters: EventFilters;
  caughtUp: boolean;
  onMatch: () => void;
}) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const state = useRef({ caughtUp, onMatch });
  state.current = { caughtUp, onMatch };
  useEffect(() => () => clearTimeout(timer.current), []);
  const { connected } = useLiveEvents(filters.types, (event) => {
    if (!matchesFilters(event, filters) || !state.current.caughtUp) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => state.current.onMatch(), LIVE_READ_AFTER_MS);
  });
  return (
    <span role="status" class={connected ? 'live' : 'offline'}>
      {connected ? (caughtUp ? 'following' : 'load the remaining pages to follow') : 'reconnecting…'}
    </span>
  );
}
