import { type CompiledMatcher, matchesAll, parseDuration } from '../../kernel/index.js';
import { CronSchedule } from './cron-schedule.js';
import type { MaintenanceWindowDocument } from './maintenance-window.js';
import { compileMatcherTexts } from './matcher-list.js';

/** One occurrence of a window: muted in [start, end), epoch ms. */
export interface Occurrence {
  start: number;
  end: number;
}

/** A window's state, known to hold during [from, until). */
interface WindowState {
  from: number;
  until: number;
  active: boolean;
}

interface CalendarWindow {
  id: string;
  matchers: CompiledMatcher[];
  timing: WindowTiming;
  state?: WindowState;
}

const MAX_UPCOMING = 1000;
/** Overlapping occurrences (every hour, lasting 2h) are merged up to this many at a time. */
const MAX_MERGED = 500;

/**
 * The recurring maintenance windows: which mute given labels now, when that next changes, and
 * their coming occurrences. A window is active in [occurrence, occurrence + duration) for each
 * occurrence of its schedule that starts in [validFrom, validUntil). Each window's state is kept
 * until its next change, so asking for many alerts at one time costs a matcher test per window.
 */
export class MaintenanceCalendar {
  private windows: CalendarWindow[] = [];
  private invalid: string[] = [];
  private activeAt: { nowMs: number; windows: CalendarWindow[] } | undefined;

  /** Replaces the windows. */
  set(windows: ReadonlyArray<{ id: string } & MaintenanceWindowDocument>): void {
    this.windows = [];
    this.invalid = [];
    this.activeAt = undefined;
    for (const w of [...windows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      const matchers = compileMatcherTexts(w.matchers);
      const timing = windowTiming(w);
      if (matchers && matchers.length > 0 && timing) this.windows.push({ id: w.id, matchers, timing });
      else this.invalid.push(w.id);
    }
  }

  /** Ids of the windows given to `set` that were left out because they could not be read. */
  invalidIds(): string[] {
    return [...this.invalid];
  }

  /** Ids of the windows muting `labels` at `nowMs`, sorted. */
  activeFor(labels: Readonly<Record<string, string>>, nowMs: number): string[] {
    if (this.activeAt?.nowMs !== nowMs) {
      this.activeAt = { nowMs, windows: this.windows.filter((w) => this.stateOf(w, nowMs).active) };
    }
    const ids: string[] = [];
    for (const w of this.activeAt.windows) if (matchesAll(w.matchers, labels)) ids.push(w.id);
    return ids;
  }

  /** The first time after `nowMs` when a window opens or closes, if any will. */
  nextChangeAt(nowMs: number): number | undefined {
    let next = Number.POSITIVE_INFINITY;
    for (const w of this.windows) next = Math.min(next, this.stateOf(w, nowMs).until);
    return Number.isFinite(next) ? next : undefined;
  }

  /** The occurrences of window `id` not over at `fromMs` (the one in progress first), at most `count`. */
  upcoming(id: string, fromMs: number, count: number): Occurrence[] {
    const w = this.windows.find((x) => x.id === id);
    return w ? occurrencesOf(w.timing, fromMs, count) : [];
  }

  private stateOf(w: CalendarWindow, nowMs: number): WindowState {
    if (w.state && nowMs >= w.state.from && nowMs < w.state.until) return w.state;
    w.state = stateAt(w.timing, nowMs);
    return w.state;
  }
}

/**
 * The occurrences of a window document not over at `fromMs`, at most `count` (up to 1000):
 * for showing a window's calendar straight from its stored document.
 */
export function upcomingOccurrences(
  window: MaintenanceWindowDocument,
  fromMs: number,
  count: number,
): Occurrence[] {
  const timing = windowTiming(window);
  return timing ? occurrencesOf(timing, fromMs, count) : [];
}

/** What decides when a window is active. */
interface WindowTiming {
  schedule: CronSchedule;
  durationMs: number;
  validFrom: number;
  validUntil: number;
}

function windowTiming(w: MaintenanceWindowDocument): WindowTiming | undefined {
  const cron = CronSchedule.parse(w.schedule, w.timezone ?? 'UTC');
  const durationMs = parseDuration(w.duration);
  if (!cron.ok || durationMs === undefined || durationMs <= 0) return undefined;
  return {
    schedule: cron.schedule,
    durationMs,
    validFrom: w.validFrom === undefined ? Number.NEGATIVE_INFINITY : Date.parse(w.validFrom),
    validUntil: w.validUntil === undefined ? Number.POSITIVE_INFINITY : Date.parse(w.validUntil),
  };
}

/** The first occurrence that starts after `afterMs` and counts (starts in [validFrom, validUntil)). */
function nextStart(t: WindowTiming, afterMs: number): number | undefined {
  const start = t.schedule.nextAfter(Math.max(afterMs, t.validFrom - 1));
  return start !== undefined && start < t.validUntil ? start : undefined;
}

/** Whether the window is active at `nowMs`, and until when that holds for sure. */
function stateAt(t: WindowTiming, nowMs: number): WindowState {
  // Only an occurrence started in (now - duration, now] can cover now; the latest covers longest.
  let start = nextStart(t, nowMs - t.durationMs);
  if (start === undefined || start > nowMs) {
    return { from: nowMs, until: start ?? Number.POSITIVE_INFINITY, active: false };
  }
  let end = start + t.durationMs;
  for (let merged = 0; merged < MAX_MERGED; merged++) {
    const next = nextStart(t, start);
    if (next === undefined || next >= end) break;
    start = next;
    end = next + t.durationMs;
  }
  return { from: nowMs, until: end, active: true };
}

function occurrencesOf(t: WindowTiming, fromMs: number, count: number): Occurrence[] {
  const occurrences: Occurrence[] = [];
  let start = nextStart(t, fromMs - t.durationMs);
  while (start !== undefined && occurrences.length < Math.min(count, MAX_UPCOMING)) {
    occurrences.push({ start, end: start + t.durationMs });
    start = nextStart(t, start);
  }
  return occurrences;
}
