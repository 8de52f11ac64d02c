import { useCallback, useEffect, useState } from 'preact/hooks';

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  /** Reads again (after a change, or on a live event), keeping what is shown until the answer. */
  reload(): void;
}

/**
 * Reads `load()` when `key` changes (a path, or anything that says what to read) and on `reload`.
 * An answer that comes after a newer request started is dropped, so the screen never goes back.
 */
export function useApi<T>(key: string | null, load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({
    loading: key !== null,
  });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (key === null) return;
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      (e: unknown) =>
        current &&
        setState((s) => ({
          data: s.data,
          error: e instanceof Error ? e : new Error(String(e)),
          loading: false,
        })),
    );
    return () => {
      current = false;
    };
  }, [key, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
