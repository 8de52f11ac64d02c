import { useEffect, useRef } from 'preact/hooks';
import type { LiveEvent } from '../../live/live-stream.js';
import { useLiveEvents } from '../../live/use-live-events.js';
import type { ConfigKind } from './config-kinds.js';

const SETTLE_MS = 250;

/**
 * Calls `onChange` when documents of `kind` are created, replaced or deleted (by anyone: this
 * page, another user, a configuration reload), once per burst of changes. `id` narrows it to one
 * document; `onChange` gets the last event of the burst.
 */
export function useLiveChanges(
  kind: ConfigKind,
  id: string | undefined,
  onChange: (event: LiveEvent) => void,
) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => () => clearTimeout(timer.current), []);
  const stream = id === undefined ? `${kind.slug}-` : `${kind.slug}-${id}`;
  useLiveEvents([kind.eventPrefix], (event) => {
    if (id === undefined ? !event.streamId.startsWith(stream) : event.streamId !== stream) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => latest.current(event), SETTLE_MS);
  });
}
