import { useEffect, useRef } from 'preact/hooks';
import { useLiveEvents } from './use-live-events.js';

/**
 * Calls `reload` after events of `types` arrive, at most once per `delayMs`: a burst of events
 * (a fleet going down together) causes one read, not one per event.
 */
export function useLiveReload(types: string[], reload: () => void, delayMs = 300): { connected: boolean } {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(reload);
  latest.current = reload;
  useEffect(() => () => clearTimeout(timer.current), []);
  return useLiveEvents(types, () => {
    if (timer.current !== undefined) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      latest.current();
    }, delayMs);
  });
}
