import { useEffect, useRef, useState } from 'preact/hooks';
import { followLiveStream, type LiveEvent } from './live-stream.js';

/** Follows the live stream while the component is shown; `connected` says whether it is up. */
export function useLiveEvents(types: string[], onEvent: (event: LiveEvent) => void): { connected: boolean } {
  const [connected, setConnected] = useState(false);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = types.join('\n');
  useEffect(() => {
    const controller = new AbortController();
    void followLiveStream({
      types: key ? key.split('\n') : [],
      signal: controller.signal,
      onEvent: (event) => handler.current(event),
      onStatus: setConnected,
    });
    return () => controller.abort();
  }, [key]);
  return { connected };
}
