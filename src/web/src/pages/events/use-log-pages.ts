import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { cursorToReadOn, EMPTY_LOG, type LoadedLog, type LogPage, withPage } from './event-log.js';
import { type EventFilters, logPageApiPath } from './events-query.js';

export interface LogPages {
  log: LoadedLog;
  loading: boolean;
  error: Error | undefined;
  /**
   * Reads the next page (or, at the end of the log so far, what came since). Asked while a read is
   * under way, it reads once more after it, so nothing asked for meanwhile is missed.
   */
  readOn(): void;
}

interface Reader {
  /** The request the filters make: answers for another one are dropped. */
  key: string;
  log: LoadedLog;
  busy: boolean;
  again: boolean;
}

/** The log pages the filters select: the first page when they change, then one more per `readOn`. */
export function useLogPages(filters: EventFilters, pageSize: number): LogPages {
  const key = logPageApiPath(filters, pageSize);
  const [state, setState] = useState<{ log: LoadedLog; loading: boolean; error?: Error }>({
    log: EMPTY_LOG,
    loading: true,
  });
  const reader = useRef<Reader>({ key, log: EMPTY_LOG, busy: false, again: false });
  const latest = useRef({ filters, pageSize });
  latest.current = { filters, pageSize };

  const read = useCallback((cursor: string | undefined) => {
    const current = reader.current;
    const { filters: f, pageSize: size } = latest.current;
    current.busy = true;
    current.again = false;
    setState((s) => ({ ...s, loading: true }));
    api<LogPage>('GET', logPageApiPath(f, size, cursor)).then(
      (page) => {
        if (reader.current !== current) return;
        current.log = withPage(current.log, page);
        current.busy = false;
        setState({ log: current.log, loading: false });
        if (current.again) read(cursorToReadOn(current.log, f.after));
      },
      (e: unknown) => {
        if (reader.current !== current) return;
        current.busy = false;
        setState((s) => ({ ...s, loading: false, error: e instanceof Error ? e : new Error(String(e)) }));
      },
    );
  }, []);

  useEffect(() => {
    reader.current = { key, log: EMPTY_LOG, busy: false, again: false };
    setState({ log: EMPTY_LOG, loading: true });
    read(undefined);
  }, [key, read]);

  const readOn = useCallback(() => {
    const current = reader.current;
    if (current.busy) {
      current.again = true;
      return;
    }
    read(cursorToReadOn(current.log, latest.current.filters.after));
  }, [read]);

  return { log: state.log, loading: state.loading, error: state.error, readOn };
}
