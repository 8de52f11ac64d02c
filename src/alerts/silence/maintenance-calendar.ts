import { CronExpressionParser } from 'cron-parser';
import { parseDuration } from '../definition/duration.js';
import { type CompiledMatcher, matchesAll } from '../definition/matchers.js';
import type { MaintenanceWindowDocument } from './maintenance-window.js';
import { compileMatcherTexts } from './matcher-list.js';

interface CalendarWindow {
  id: string;
  matchers: CompiledMatcher[];
  schedule: string;
  timezone: string;
  durationMs: number;
  validFrom: number;
  validUntil: number;
}

/** Recurring maintenance windows: which are in force now, and when that next changes. */
export class MaintenanceCalendar {
  private windows: CalendarWindow[] = [];

  set(windows: ReadonlyArray<{ id: string } & MaintenanceWindowDocument>): void {
    this.windows = windows
      .map((w) => ({
        id: w.id,
        matchers: compileMatcherTexts(w.matchers),
        schedule: w.schedule,
        timezone: w.timezone,
        durationMs: parseDuration(w.duration) ?? 0,
        validFrom: w.validFrom ? Date.parse(w.validFrom) : Number.NEGATIVE_INFINITY,
        validUntil: w.validUntil ? Date.parse(w.validUntil) : Number.POSITIVE_INFINITY,
      }))
      .filter((w) => w.matchers.length > 0 && w.durationMs > 0)
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** Ids of the windows muting `labels` at `nowMs`. */
  activeFor(labels: Readonly<Record<string, string>>, nowMs: number): string[] {
    return this.windows.filter((w) => isActive(w, nowMs) && matchesAll(w.matchers, labels)).map((w) => w.id);
  }

  /** The next time after `nowMs` a window opens or closes. */
  nextChangeAt(nowMs: number): number | undefined {
    let next: number | undefined;
    const consider = (t: number) => {
      if (t > nowMs && (next === undefined || t < next)) next = t;
    };
    for (const w of this.windows) {
      const current = currentOccurrence(w, nowMs);
      if (current !== undefined) consider(Math.min(current + w.durationMs, w.validUntil));
      const upcoming = occurrencesAfter(w, nowMs, 1)[0];
      if (upcoming !== undefined) consider(Math.max(upcoming, w.validFrom));
    }
    return next;
  }

  /** The next `count` occurrences of window `id` from `fromMs` (start and end, ms). */
  upcoming(id: string, fromMs: number, count: number): Array<{ start: number; end: number }> {
    const w = this.windows.find((x) => x.id === id);
    if (!w) return [];
    return occurrencesAfter(w, fromMs, count).map((start) => ({ start, end: start + w.durationMs }));
  }
}

function isActive(w: CalendarWindow, nowMs: number): boolean {
  if (nowMs < w.validFrom || nowMs >= w.validUntil) return false;
  return currentOccurrence(w, nowMs) !== undefined;
}

/** The start of the occurrence covering `nowMs`, if one does. */
function currentOccurrence(w: CalendarWindow, nowMs: number): number | undefined {
  const cron = CronExpressionParser.parse(w.schedule, { tz: w.timezone, currentDate: new Date(nowMs + 1) });
  const start = cron.prev().getTime();
  return nowMs < start + w.durationMs ? start : undefined;
}

function occurrencesAfter(w: CalendarWindow, fromMs: number, count: number): number[] {
  const cron = CronExpressionParser.parse(w.schedule, { tz: w.timezone, currentDate: new Date(fromMs) });
  const starts: number[] = [];
  for (let i = 0; i < count; i++) {
    const next = cron.next().getTime();
    if (next >= w.validUntil) break;
    starts.push(next);
  }
  return starts;
}
