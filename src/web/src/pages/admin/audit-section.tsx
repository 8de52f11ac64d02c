import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { useLiveEvents } from '../../live/use-live-events.js';
import { navigate, useLocation, withQuery } from '../../router.js';
import { ErrorMessage } from '../../ui/error-message.js';
import { formatTime } from '../../ui/format.js';
import { useApi } from '../../ui/use-api.js';
import {
  AUDIT_KINDS,
  AUDIT_RANGES,
  type AuditEvent,
  type AuditFilter,
  type AuditKind,
  type AuditRange,
  auditEventsPath,
  auditFilterOf,
  auditFilterParams,
  auditKindMatches,
  mergeNewestFirst,
  namesFromEvents,
} from './audit-model.js';
import { type BackwardCursor, rangeCursor, readOlder, type WindowPage } from './audit-paging.js';
import { AuditTable } from './audit-table.js';
import { loadAllUsers } from './load-users.js';
import type { TokenInfo } from './token-model.js';

/** Events per request to /api/events, and how many a "Load more" aims to add. */
const PAGE = 200;
const WANT = 50;

interface Shown {
  events: AuditEvent[];
  cursor: BackwardCursor;
  done: boolean;
  startMs: number;
}

/**
 * The audit log, newest first: logins, failed logins, denials, token, user and credential
 * changes, narrowed by kind and time range (both in the address). "Load more" reads further back
 * (see readOlder for how the forward-only API is paged backwards); new events arrive live on top.
 */
export function AuditSection() {
  const { path, query } = useLocation();
  const filter = auditFilterOf(query);
  const [shown, setShown] = useState<Shown | undefined>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(false);
  const request = useRef(0);
  /** Live events that came while the first read of a filter was under way, newest first. */
  const early = useRef<AuditEvent[]>([]);
  const lookup = useApi('audit-names', loadNames);

  const read = (kind: AuditKind) => (window: { sinceMs: number; untilMs: number }, after?: string) =>
    api<WindowPage>('GET', auditEventsPath(kind, window, PAGE, after));

  /** Reads older events; `more` adds them under what is shown, else they replace it (a new filter). */
  const load = async (cursor: BackwardCursor, startMs: number, more: boolean) => {
    const mine = ++request.current;
    setLoading(true);
    setError(undefined);
    try {
      const older = await readOlder(read(filter.kind), cursor, WANT);
      if (mine !== request.current) return;
      const arrived = early.current;
      early.current = [];
      setShown((s) => ({
        events: mergeNewestFirst(more && s ? s.events : arrived, older.events),
        cursor: older.cursor,
        done: older.done,
        startMs,
      }));
    } catch (e) {
      if (mine === request.current) setError(e);
    } finally {
      if (mine === request.current) setLoading(false);
    }
  };

  useEffect(() => {
    const endMs = Date.now();
    const startMs = endMs - AUDIT_RANGES[filter.range].ms;
    setShown(undefined);
    early.current = [];
    void load(rangeCursor(startMs, endMs), startMs, false);
  }, [filter.kind, filter.range]);

  const { connected } = useLiveEvents(['auth.'], (event) => {
    if (!auditKindMatches(filter.kind, event)) return;
    if (!shown) early.current = [event, ...early.current];
    else setShown((s) => s && { ...s, events: mergeNewestFirst([event], s.events) });
  });

  const names = useMemo(() => {
    const all = new Map(lookup.data);
    for (const [id, name] of namesFromEvents(shown?.events ?? [])) if (!all.has(id)) all.set(id, name);
    return all;
  }, [lookup.data, shown?.events]);

  const change = (next: Partial<AuditFilter>) =>
    navigate(withQuery(path, auditFilterParams({ ...filter, ...next })), { replace: true });

  return (
    <section aria-labelledby="admin-audit-title">
      <h2 id="admin-audit-title">Audit log</h2>
      <p class={connected ? 'live' : 'offline'}>{connected ? 'live' : 'connecting to the live stream…'}</p>
      <form class="admin-filters" aria-label="Audit filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>Kind</span>
          <select value={filter.kind} onChange={(e) => change({ kind: e.currentTarget.value as AuditKind })}>
            {Object.entries(AUDIT_KINDS).map(([kind, { label }]) => (
              <option key={kind} value={kind}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Time range</span>
          <select
            value={filter.range}
            onChange={(e) => change({ range: e.currentTarget.value as AuditRange })}
          >
            {Object.entries(AUDIT_RANGES).map(([range, { label }]) => (
              <option key={range} value={range}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ErrorMessage error={error} />
      {!shown && loading && <p aria-busy="true">Loading the audit log…</p>}
      {shown && shown.events.length === 0 && (
        <p>
          No {AUDIT_KINDS[filter.kind].label.toLowerCase()} events since{' '}
          {formatTime(new Date(shown.startMs).toISOString())}.
        </p>
      )}
      {shown && shown.events.length > 0 && <AuditTable events={shown.events} names={names} />}
      {shown && (
        <p class="admin-hint" role="status">
          {shown.events.length} events since {formatTime(new Date(shown.startMs).toISOString())}, newest first
          {shown.done ? '; that is all of this range.' : '.'}
        </p>
      )}
      {shown && !shown.done && (
        <button type="button" disabled={loading} onClick={() => load(shown.cursor, shown.startMs, true)}>
          {loading ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}

/** Names of users and tokens by id, for audit events that carry only an id. */
async function loadNames(): Promise<Map<string, string>> {
  const [users, tokens] = await Promise.all([
    loadAllUsers(),
    api<{ tokens: TokenInfo[] }>('GET', '/api/tokens').then((r) => r.tokens),
  ]);
  return new Map([
    ...users.map((u) => [u.id, u.name] as const),
    ...tokens.map((t) => [t.tokenId, t.name] as const),
  ]);
}
