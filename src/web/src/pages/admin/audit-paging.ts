import type { AuditEvent } from './audit-model.js';

/** One page of `/api/events` for a time window: oldest first, `next` set when the window has more. */
export interface WindowPage {
  events: AuditEvent[];
  next: string | null;
}

/** Reads one page of the events recorded in [sinceMs, untilMs), after a cursor of that same window. */
export type ReadWindow = (
  window: { sinceMs: number; untilMs: number },
  after?: string,
) => Promise<WindowPage>;

/** Where the next older read begins: everything in [startMs, untilMs) is still unread. */
export interface BackwardCursor {
  /** The start of the chosen time range: nothing older is read. */
  startMs: number;
  /** Events at or after this time are shown already. */
  untilMs: number;
  /** How wide the next window is. */
  spanMs: number;
}

/** Windows narrower than this are read whole (cursor page after page) instead of narrowed again. */
export const MIN_SPAN_MS = 1_000;

/** The cursor of a time range before anything is read: the whole range as its first window. */
export function rangeCursor(startMs: number, endMs: number): BackwardCursor {
  return { startMs, untilMs: endMs, spanMs: Math.max(MIN_SPAN_MS, endMs - startMs) };
}

/**
 * Reads older events, newest first, until at least `want` are found or the range is read.
 *
 * The API reads the log forward only (oldest first, from a cursor), and its cursors cannot be
 * made up. So this pages backwards by time: it reads the window [until − span, until) and, when
 * the window fits in one page, shows it reversed and moves `until` back to the window's start.
 * A window that holds more than a page is not read whole (an attack can put thousands of failed
 * logins into a day): it is narrowed to a quarter and read again, down to MIN_SPAN_MS, below
 * which its pages are followed with the cursor. Empty or sparse windows double the next span, so
 * a quiet range takes few requests. Windows are half-open, as the API's since/until are, so no
 * event is shown twice and none is skipped between two "Load more".
 */
export async function readOlder(
  read: ReadWindow,
  cursor: BackwardCursor,
  want: number,
): Promise<{ events: AuditEvent[]; cursor: BackwardCursor; done: boolean }> {
  const found: AuditEvent[] = [];
  let { untilMs, spanMs } = cursor;
  const { startMs } = cursor;
  while (found.length < want && untilMs > startMs) {
    const sinceMs = Math.max(startMs, untilMs - spanMs);
    const window = { sinceMs, untilMs };
    let page = await read(window);
    if (page.next !== null && untilMs - sinceMs > MIN_SPAN_MS) {
      spanMs = Math.max(MIN_SPAN_MS, Math.floor((untilMs - sinceMs) / 4));
      continue;
    }
    const events = [...page.events];
    while (page.next !== null) {
      page = await read(window, page.next);
      events.push(...page.events);
    }
    found.push(...events.reverse());
    untilMs = sinceMs;
    if (events.length * 2 < want) spanMs *= 2;
  }
  return { events: found, cursor: { startMs, untilMs, spanMs }, done: untilMs <= startMs };
}
