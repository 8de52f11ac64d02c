import { describe, expect, it } from 'vitest';
import type { AuditEvent } from './audit-model.js';
import { MIN_SPAN_MS, type ReadWindow, rangeCursor, readOlder } from './audit-paging.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

function event(n: number, timeMs: number): AuditEvent {
  return {
    id: `e${n}`,
    streamId: 'audit-access',
    type: 'auth.login_succeeded',
    time: new Date(timeMs).toISOString(),
    data: {},
    metadata: {},
  };
}

/** A log read like the API reads it: [since, until), oldest first, pages of `limit` with a cursor. */
function fakeLog(times: number[], limit: number): { read: ReadWindow; requests: () => number } {
  const log = times.map((t, i) => event(i, t));
  let requests = 0;
  const read: ReadWindow = async ({ sinceMs, untilMs }, after) => {
    requests++;
    const start = after === undefined ? 0 : Number(after);
    const inWindow = log
      .map((e, position) => ({ e, position }))
      .filter(
        ({ e, position }) =>
          position >= start && Date.parse(e.time) >= sinceMs && Date.parse(e.time) < untilMs,
      );
    const page = inWindow.slice(0, limit);
    const last = page[page.length - 1];
    return {
      events: page.map((p) => p.e),
      next: page.length === limit && last ? String(last.position + 1) : null,
    };
  };
  return { read, requests: () => requests };
}

const minutes = (...ms: number[]) => ms.map((m) => T0 + m * 60_000);

describe('readOlder', () => {
  it('reads a small range in one request, newest first, and is done', async () => {
    const log = fakeLog(minutes(1, 2, 3), 100);
    const result = await readOlder(log.read, rangeCursor(T0, T0 + 3_600_000), 50);
    expect(result.events.map((e) => e.id)).toEqual(['e2', 'e1', 'e0']);
    expect(result.done).toBe(true);
    expect(log.requests()).toBe(1);
  });

  it('narrows a window that overflows a page, and pages on without gap or repeat', async () => {
    const times = Array.from({ length: 40 }, (_, i) => T0 + i * 60_000);
    const log = fakeLog(times, 10);
    let cursor = rangeCursor(T0, T0 + 3_600_000);
    const seen: string[] = [];
    for (let guard = 0; guard < 50; guard++) {
      const result = await readOlder(log.read, cursor, 8);
      seen.push(...result.events.map((e) => e.id));
      cursor = result.cursor;
      if (result.done) break;
    }
    expect(seen).toEqual(times.map((_, i) => `e${i}`).reverse());
  });

  it('returns at least what was asked for while older events remain', async () => {
    const times = Array.from({ length: 30 }, (_, i) => T0 + i * 60_000);
    const log = fakeLog(times, 10);
    const first = await readOlder(log.read, rangeCursor(T0, T0 + 3_600_000), 5);
    expect(first.events.length).toBeGreaterThanOrEqual(5);
    expect(first.events[0]?.id).toBe('e29');
    expect(first.done).toBe(false);
  });

  it('follows the cursor when more than a page falls in the narrowest window', async () => {
    const burst = Array.from({ length: 25 }, () => T0 + 500);
    const log = fakeLog(burst, 10);
    const result = await readOlder(log.read, rangeCursor(T0, T0 + MIN_SPAN_MS), 5);
    expect(result.events).toHaveLength(25);
    expect(result.events[0]?.id).toBe('e24');
    expect(result.done).toBe(true);
  });

  it('finds nothing in an empty range and says it is done', async () => {
    const log = fakeLog(minutes(-10), 10);
    const result = await readOlder(log.read, rangeCursor(T0, T0 + 86_400_000), 20);
    expect(result.events).toEqual([]);
    expect(result.done).toBe(true);
  });
});
