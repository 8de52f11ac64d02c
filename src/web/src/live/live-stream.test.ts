import { describe, expect, it } from 'vitest';
import { followLiveStream, type LiveEvent } from './live-stream.js';

const event = (position: number): LiveEvent => ({
  position,
  streamId: 's',
  id: `e${position}`,
  type: 'monitor.check_completed',
  time: '2026-11-22T00:00:00.000Z',
  data: {},
  metadata: {},
});

/** A stream body sending `events` as SSE, then ending (a server going away). */
function body(events: LiveEvent[]): Response {
  const text = events
    .map((e) => `id: ${e.position}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`)
    .join('');
  return new Response(text, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

describe('followLiveStream', () => {
  it('resumes after a drop with the last id it saw, waiting longer while the server stays away', async () => {
    const controller = new AbortController();
    const urls: string[] = [];
    const answers: Array<() => Response> = [
      () => body([event(1), event(2)]),
      () => {
        throw new TypeError('connection refused');
      },
      () => new Response('', { status: 503 }),
      () => body([event(3)]),
    ];
    const received: number[] = [];
    const waits: number[] = [];
    const statuses: boolean[] = [];
    await followLiveStream({
      types: ['monitor.'],
      signal: controller.signal,
      onEvent: (e) => {
        received.push(Number(e.position));
        if (e.position === 3) controller.abort();
      },
      onStatus: (connected) => statuses.push(connected),
      fetch: (async (url: string) => {
        urls.push(url);
        return answers[urls.length - 1]!();
      }) as typeof fetch,
      wait: async (ms) => {
        waits.push(ms);
      },
    });
    expect(received).toEqual([1, 2, 3]);
    expect(urls).toEqual([
      '/api/stream?type=monitor.',
      '/api/stream?type=monitor.&lastEventId=2',
      '/api/stream?type=monitor.&lastEventId=2',
      '/api/stream?type=monitor.&lastEventId=2',
    ]);
    expect(waits).toEqual([500, 1000, 2000]);
    expect(statuses).toEqual([true, false, false, false, true]);
  });
});
