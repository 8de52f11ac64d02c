import type { LiveEvent } from '../../live/live-stream.js';

/** An event as `/api/events` and `/api/streams/{id}/events` return it (the live stream's shape). */
export type LogEvent = LiveEvent;

/** One line of a monitor's check history: a check's result, or a change of status. */
export interface CheckHistoryRow {
  id: string;
  at: string;
  kind: 'check' | 'change';
  status: string;
  latencyMs: number | null;
  message: string;
}

/** One line of a service's recent events. */
export interface ServiceEventLine {
  id: string;
  at: string;
  type: string;
  text: string;
  actor?: string;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The stream holding a monitor's check results and status changes. */
export const monitorResultStream = (monitorId: string) => `monitor-results-${monitorId}`;
/** The stream holding a monitor's definition changes (created, changed, paused, deleted). */
export const monitorDefinitionStream = (monitorId: string) => `monitors-${monitorId}`;

/** A monitor's check history from its result stream read backward (newest first), as table rows. */
export function checkHistoryRows(events: readonly LogEvent[]): CheckHistoryRow[] {
  const rows: CheckHistoryRow[] = [];
  for (const event of events) {
    const data = record(event.data);
    if (event.type === 'monitor.check_completed') {
      rows.push({
        id: event.id,
        at: text(data.startedAt) || event.time,
        kind: 'check',
        status: text(data.status) || 'unknown',
        latencyMs: typeof data.latencyMs === 'number' ? data.latencyMs : null,
        message: text(data.message),
      });
    } else if (event.type === 'monitor.status_changed') {
      const message = text(data.message);
      rows.push({
        id: event.id,
        at: event.time,
        kind: 'change',
        status: text(data.to) || 'unknown',
        latencyMs: null,
        message: `Status ${text(data.from) || '?'} → ${text(data.to) || '?'}${message ? `: ${message}` : ''}`,
      });
    }
  }
  return rows;
}

/** Event types the service page's recent events show: status changes and monitor definition changes. */
export const SERVICE_EVENT_TYPES = ['monitor.status_changed', 'monitor.monitor_'];
/** The log reads at most this many stream prefixes in one query. */
const MAX_STREAM_PREFIXES = 20;

/**
 * The `/api/events` query for a service's recent events since `since`: narrowed to its monitors' streams
 * when they fit in one query (else every monitor event of those types, filtered by `isServiceEvent`).
 */
export function serviceEventsPath(
  monitorIds: readonly string[],
  since: string,
  after?: string | null,
): string {
  const query = new URLSearchParams();
  for (const type of SERVICE_EVENT_TYPES) query.append('type', type);
  if (monitorIds.length > 0 && monitorIds.length * 2 <= MAX_STREAM_PREFIXES) {
    for (const id of monitorIds) {
      query.append('streamPrefix', monitorResultStream(id));
      query.append('streamPrefix', monitorDefinitionStream(id));
    }
  }
  query.set('since', since);
  query.set('limit', '1000');
  if (after) query.set('after', after);
  return `/api/events?${query}`;
}

/** Whether an event is about the service or one of its monitors. */
export function isServiceEvent(event: LogEvent, service: string, monitorIds: ReadonlySet<string>): boolean {
  const data = record(event.data);
  return (
    text(data.service) === service ||
    monitorIds.has(text(data.monitorId)) ||
    monitorIds.has(text(data.id)) ||
    text(record(data.doc).service) === service
  );
}

/** An event as one readable line; `names` gives monitor names for events that carry only an id. */
export function describeServiceEvent(event: LogEvent, names: ReadonlyMap<string, string>): ServiceEventLine {
  const data = record(event.data);
  const doc = record(data.doc);
  const name = text(data.monitor) || text(doc.name) || names.get(text(data.id)) || 'a monitor';
  const actor = text(record(event.metadata).actor) || undefined;
  let line: string;
  switch (event.type) {
    case 'monitor.status_changed': {
      const message = text(data.message);
      line = `${name}: ${text(data.from)} → ${text(data.to)}${message ? ` (${message})` : ''}`;
      break;
    }
    case 'monitor.monitor_created':
      line = `Monitor ${name} created`;
      break;
    case 'monitor.monitor_updated':
      line = `Monitor ${name} changed${doc.paused === true ? ' (paused)' : ''}`;
      break;
    case 'monitor.monitor_deleted':
      line = `Monitor ${name} deleted`;
      break;
    default:
      line = `${event.type} (${name})`;
  }
  return { id: event.id, at: event.time, type: event.type, text: line, ...(actor ? { actor } : {}) };
}

/** The newest `count` of `kept` and `events` (both oldest first), oldest first. */
export function keepNewest<T>(kept: readonly T[], events: readonly T[], count: number): T[] {
  return [...kept, ...events].slice(-count);
}
