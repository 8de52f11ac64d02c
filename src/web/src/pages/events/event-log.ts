import type { EventFilters } from './events-query.js';

/** An event of the log as `GET /api/events` returns it. */
export interface LogEvent {
  position: number;
  streamId: string;
  streamVersion?: number;
  id: string;
  type: string;
  time: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

/** One answer of `GET /api/events`: `next` is null when the page was the last one so far. */
export interface LogPage {
  events: LogEvent[];
  next: string | null;
}

/** What the explorer has read: the events in log order, and where the next page starts. */
export interface LoadedLog {
  events: LogEvent[];
  /** The cursor of the next page; null once the end of the log (so far) was reached. */
  next: string | null;
}

export const EMPTY_LOG: LoadedLog = { events: [], next: null };

/** The log with `page` read after it: events already shown are not shown twice. */
export function withPage(log: LoadedLog, page: LogPage): LoadedLog {
  const seen = new Set(log.events.map((e) => e.id));
  const fresh = page.events.filter((e) => !seen.has(e.id));
  return { events: fresh.length > 0 ? [...log.events, ...fresh] : log.events, next: page.next };
}

/**
 * Where to read on from: the next page's cursor, or (at the end of the log so far) just after the
 * last event shown, or the filters' own start when nothing was shown.
 */
export function cursorToReadOn(log: LoadedLog, start: string): string | undefined {
  if (log.next) return log.next;
  const last = log.events[log.events.length - 1];
  if (last) return String(last.position);
  return start || undefined;
}

/** The correlation id of an event, when it has one (a text). */
export function correlationIdOf(event: Pick<LogEvent, 'metadata'>): string | undefined {
  const id = event.metadata.correlationId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** Whether a live event is one the filters ask for (as the server would filter it). */
export function matchesFilters(
  event: Pick<LogEvent, 'type' | 'streamId' | 'time' | 'metadata'>,
  filters: EventFilters,
): boolean {
  if (filters.types.length > 0 && !filters.types.some((prefix) => event.type.startsWith(prefix)))
    return false;
  if (filters.streams.length > 0 && !filters.streams.some((prefix) => event.streamId.startsWith(prefix)))
    return false;
  if (filters.correlationId && correlationIdOf(event) !== filters.correlationId) return false;
  const at = Date.parse(event.time);
  if (filters.since && at < Date.parse(filters.since)) return false;
  if (filters.until && at >= Date.parse(filters.until)) return false;
  return true;
}

/** The incident an event belongs to, when it is part of an alert's chain (alerting or healing). */
export function incidentIdOf(event: Pick<LogEvent, 'type' | 'metadata'>): string | undefined {
  const related = event.type.startsWith('alerts.') || event.type.startsWith('healing.');
  const id = correlationIdOf(event);
  return related && id && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)
    ? id
    : undefined;
}
