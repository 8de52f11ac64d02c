import { withQuery } from '../../router.js';

/** The explorer's filters, as the address query holds them (`/events?type=monitor.&since=…`). */
export interface EventFilters {
  /** Event type prefixes (any of them); the address holds them comma-separated. */
  types: string[];
  /** Stream id prefixes (any of them). */
  streams: string[];
  /** ISO instants, or '' for none: since is inclusive, until exclusive. */
  since: string;
  until: string;
  /** Only the events of this chain (`metadata.correlationId`). */
  correlationId: string;
  /** Start reading after this log cursor (a position, or `transactionId.position`). */
  after: string;
  /** The id of an event to show opened. */
  open: string;
}

export const NO_FILTERS: EventFilters = {
  types: [],
  streams: [],
  since: '',
  until: '',
  correlationId: '',
  after: '',
  open: '',
};

/** The cursor shape `/api/events` hands out as `next` (and accepts as `after`). */
const CURSOR = /^(?:\d{1,20}\.)?\d{1,16}$/;

/** Prefixes typed or linked as `a, b` (or repeated parameters): trimmed, without empties or repeats. */
export function splitPrefixes(values: ReadonlyArray<string>): string[] {
  const out: string[] = [];
  for (const value of values) {
    for (const part of value.split(',')) {
      const prefix = part.trim();
      if (prefix && !out.includes(prefix)) out.push(prefix);
    }
  }
  return out.slice(0, 20);
}

function instant(value: string | null): string {
  if (!value) return '';
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
}

/** The filters an address query names; values the API would refuse (a bad time, a bad cursor) are left out. */
export function filtersFromQuery(query: URLSearchParams): EventFilters {
  const after = query.get('after')?.trim() ?? '';
  const correlationId = query.get('correlationId')?.trim() ?? '';
  return {
    types: splitPrefixes(query.getAll('type')),
    streams: splitPrefixes(query.getAll('stream')),
    since: instant(query.get('since')),
    until: instant(query.get('until')),
    correlationId: correlationId.slice(0, 200),
    after: CURSOR.test(after) ? after : '',
    open: query.get('open')?.trim() ?? '',
  };
}

/** The explorer's address for `filters` (empty ones left out). */
export function eventsPath(filters: Partial<EventFilters>): string {
  const f = { ...NO_FILTERS, ...filters };
  return withQuery('/events', {
    type: f.types.join(','),
    stream: f.streams.join(','),
    since: f.since,
    until: f.until,
    correlationId: f.correlationId,
    after: f.after,
    open: f.open,
  });
}

/** Follow one chain: every event with this correlation id, whatever its type or stream. */
export function chainPath(correlationId: string): string {
  return eventsPath({ correlationId });
}

/** An event the explorer shows first and opened: its stream, from its position on. */
export function eventAtPath(ref: { streamId: string; position: number; eventId: string }): string {
  return eventsPath({
    streams: [ref.streamId],
    after: String(Math.max(0, ref.position - 1)),
    open: ref.eventId,
  });
}

/** `GET /api/events` for `filters`, one page of `limit` after `cursor` (else the filters' own start). */
export function logPageApiPath(filters: EventFilters, limit: number, cursor?: string): string {
  const query = new URLSearchParams({ limit: String(limit) });
  for (const type of filters.types) query.append('type', type);
  for (const stream of filters.streams) query.append('streamPrefix', stream);
  if (filters.since) query.set('since', filters.since);
  if (filters.until) query.set('until', filters.until);
  if (filters.correlationId) query.set('correlationId', filters.correlationId);
  const after = cursor ?? filters.after;
  if (after) query.set('after', after);
  return `/api/events?${query}`;
}

/** The quick ranges the explorer offers. */
export const QUICK_RANGES = [
  { label: 'Last 15 min', minutes: 15 },
  { label: 'Last hour', minutes: 60 },
  { label: 'Last 24 h', minutes: 24 * 60 },
] as const;

/** The filters with a range of the last `minutes` before `nowMs` (open-ended, so new events show too). */
export function withLastMinutes(filters: EventFilters, minutes: number, nowMs: number): EventFilters {
  return {
    ...filters,
    since: new Date(nowMs - minutes * 60_000).toISOString(),
    until: '',
    after: '',
    open: '',
  };
}
