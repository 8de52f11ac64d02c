import { useEffect, useRef } from 'preact/hooks';
import type { LiveEvent } from '../../live/live-stream.js';
import { useLiveEvents } from '../../live/use-live-events.js';

/**
 * Calls `reload` when live events of `types` arrive that `relevant` accepts, at most once per `waitMs`
 * (a burst of events is one reload). Returns whether the live stream is connected.
 */
export function useLiveReload(
  types: string[],
  reload: () => void,
  options: { waitMs?: number; relevant?: (event: LiveEvent) => boolean } = {},
): boolean {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef({ reload, relevant: options.relevant });
  latest.current = { reload, relevant: options.relevant };
  useEffect(() => () => clearTimeout(timer.current), []);
  const { connected } = useLiveEvents(types, (event) => {
    if (latest.current.relevant && !latest.current.relevant(event)) return;
    if (timer.current !== undefined) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      latest.current.reload();
    }, options.waitMs ?? 1000);
  });
  return connected;
}
