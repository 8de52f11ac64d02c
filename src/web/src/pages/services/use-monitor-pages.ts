import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.js';
import type { LiveEvent } from '../../live/live-stream.js';
import { useLiveEvents } from '../../live/use-live-events.js';
import { filtersKey, type MonitorFilters, monitorStatusesPath } from './monitor-filters.js';
import { applyMonitorChanges, type MonitorChange, type MonitorRow, monitorChangeOf } from './monitor-rows.js';

/** The first page is small so the first rows show at once; the next ones are larger. */
const FIRST_PAGE = 200;
const NEXT_PAGE = 1000;
/** Live changes are applied together at most this often (a burst is one render). */
const LIVE_BATCH_MS = 200;

interface PagesState {
  key: string;
  rows: readonly MonitorRow[];
  next: string | null;
  complete: boolean;
  loading: boolean;
  error?: Error;
}

/** The monitor list: pages loaded on demand, with status changes from the live stream applied in place. */
export interface MonitorPages {
  rows: readonly MonitorRow[];
  /** Every page is loaded. */
  complete: boolean;
  loading: boolean;
  error?: Error;
  /** Loads the next page, unless one is loading or all are loaded (after an error: tries again). */
  loadMore(): void;
  /** Whether the live stream is connected. */
  live: boolean;
}

/** Loads the monitors matching `filters` a page at a time, and keeps the loaded ones current. */
export function useMonitorPages(filters: MonitorFilters): MonitorPages {
  const key = filtersKey(filters);
  const [state, setState] = useState<PagesState>(() => fresh(key));
  const current = useRef(state);
  current.current = state;
  const filtersRef = useRef(filters);
  filtersRef.current = filters;

  /**
   * Loads the next page; `fromStart` reads the first page again and puts it in place of the rows (kept
   * on screen until then), for when live changes may have been missed.
   */
  const load = useCallback((fromStart: boolean) => {
    const now = current.current;
    if (now.loading || (now.complete && !fromStart)) return;
    const pageKey = now.key;
    const first = fromStart || now.rows.length === 0;
    const loading = { ...now, loading: true, error: undefined };
    current.current = loading;
    setState(loading);
    api<{ items: MonitorRow[]; next: string | null }>(
      'GET',
      monitorStatusesPath(filtersRef.current, first ? FIRST_PAGE : NEXT_PAGE, first ? null : now.next),
    ).then(
      (page) =>
        setState((s) =>
          s.key !== pageKey
            ? s
            : {
                ...s,
                rows: first ? page.items : s.rows.concat(page.items),
                next: page.next,
                complete: !page.next,
                loading: false,
              },
        ),
      (e: unknown) =>
        setState((s) =>
          s.key !== pageKey
            ? s
            : { ...s, loading: false, error: e instanceof Error ? e : new Error(String(e)) },
        ),
    );
  }, []);
  const loadMore = useCallback(() => load(false), [load]);

  // New filters: start again from the first page.
  useEffect(() => {
    const reset = fresh(key);
    current.current = reset;
    setState(reset);
    load(false);
  }, [key, load]);

  const pending = useRef<MonitorChange[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onEvent = (event: LiveEvent) => {
    const change = monitorChangeOf(event);
    if (!change) return;
    pending.current.push(change);
    if (timer.current !== undefined) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      const changes = pending.current.splice(0);
      setState((s) => {
        const rows = applyMonitorChanges(s.rows, changes, {
          filters: filtersRef.current,
          complete: s.complete,
        });
        return rows === s.rows ? s : { ...s, rows };
      });
    }, LIVE_BATCH_MS);
  };
  const { connected } = useLiveEvents(['monitor.status_changed', 'monitor.monitor_deleted'], onEvent);
  // Changes made before the stream first connected were not seen: read the first page again then.
  // (Later reconnections resume where the stream stopped, so nothing is missed.)
  const synced = useRef(false);
  useEffect(() => {
    if (!connected || synced.current || state.loading) return;
    synced.current = true;
    load(true);
  }, [connected, state.loading, load]);

  const shown = state.key === key ? state : fresh(key);
  return {
    rows: shown.rows,
    complete: shown.complete,
    loading: shown.loading || shown.key !== key,
    error: shown.error,
    loadMore,
    live: connected,
  };
}

function fresh(key: string): PagesState {
  return { key, rows: [], next: null, complete: false, loading: false };
}
