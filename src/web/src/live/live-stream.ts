import { SseParser } from './sse-parser.js';

/** An event of the log as `/api/stream` sends it (the shape `/api/events` returns). */
export interface LiveEvent {
  position: number | string;
  streamId: string;
  id: string;
  type: string;
  time: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

export interface LiveStreamOptions {
  /** Event type prefixes to receive (all when empty). */
  types?: string[];
  onEvent(event: LiveEvent): void;
  /** Connected (true) or waiting to reconnect (false). */
  onStatus?(connected: boolean): void;
  signal: AbortSignal;
  /** For tests: the fetch to use, and how to wait before a reconnection. */
  fetch?: typeof fetch;
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 15_000;

/**
 * Follows `/api/stream` until `signal` aborts: parses its events, remembers the last id, and
 * after a drop (a server restart, the network) reconnects with `lastEventId`, so the stream goes
 * on with no gap and no duplicate. Waits grow from 0.5 s to 15 s while the server stays away.
 */
export async function followLiveStream(options: LiveStreamOptions): Promise<void> {
  const doFetch = options.fetch ?? fetch;
  const wait = options.wait ?? waitFor;
  let lastEventId: string | undefined;
  let retryMs = FIRST_RETRY_MS;
  while (!options.signal.aborted) {
    const query = new URLSearchParams();
    for (const type of options.types ?? []) query.append('type', type);
    if (lastEventId) query.set('lastEventId', lastEventId);
    try {
      const response = await doFetch(`/api/stream${query.size > 0 ? `?${query}` : ''}`, {
        headers: { accept: 'text/event-stream' },
        credentials: 'same-origin',
        signal: options.signal,
      });
      if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
      options.onStatus?.(true);
      const parser = new SseParser();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const event of parser.feed(value)) {
          if (event.event === 'error') continue;
          if (event.id) lastEventId = event.id;
          retryMs = FIRST_RETRY_MS;
          options.onEvent(JSON.parse(event.data) as LiveEvent);
        }
      }
    } catch {
      // Dropped or refused: reconnect below, unless stopped.
    }
    if (options.signal.aborted) return;
    options.onStatus?.(false);
    await wait(retryMs, options.signal);
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  }
}

function waitFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
