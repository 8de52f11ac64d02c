import { useEffect, useRef } from 'preact/hooks';
import type { LiveEvent } from './live-stream.js';
import { useLiveEvents } from './use-live-events.js';

/** The first read comes this long after an event; a burst within it causes one read. */
const FIRST_READ_MS = 300;
/** One more read this long after the last event: a read model may still have been catching up. */
const SETTLED_READ_MS = 1500;

/**
 * Calls `reload` when events of `types` arrive on the live stream: at most once per 300 ms while
 * they keep coming (a fleet going down together causes a few reads, not one per event, and a
 * steady stream cannot starve the page), and once more 1.5 s after the last of them, since the
 * read models behind the API follow the log a moment behind the stream.
 */
export function useLiveReload(
  types: string[],
  reload: () => void,
  /** Only events this accepts count (e.g. those of one correlation chain); all by default. */
  accepted: (event: LiveEvent) => boolean = () => true,
): { connected: boolean } {
  const first = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const settled = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(reload);
  latest.current = reload;
  useEffect(
    () => () => {
      clearTimeout(first.current);
      clearTimeout(settled.current);
    },
    [],
  );
  return useLiveEvents(types, (event) => {
    if (!accepted(event)) return;
    if (first.current === undefined) {
      first.current = setTimeout(() => {
        first.current = undefined;
        latest.current();
      }, FIRST_READ_MS);
    }
    clearTimeout(settled.current);
    settled.current = setTimeout(() => latest.current(), SETTLED_READ_MS);
  });
}
