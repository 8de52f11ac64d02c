/** The time ranges charts offer, their names as the address query holds them (`?range=6h`). */
export const TIME_RANGES = [
  { name: '1h', label: 'Last hour', minutes: 60 },
  { name: '6h', label: 'Last 6 hours', minutes: 6 * 60 },
  { name: '24h', label: 'Last 24 hours', minutes: 24 * 60 },
  { name: '7d', label: 'Last 7 days', minutes: 7 * 24 * 60 },
] as const;

export type TimeRangeName = (typeof TIME_RANGES)[number]['name'];

export const DEFAULT_TIME_RANGE: TimeRangeName = '1h';

/** Steps a chart may use, in minutes: round numbers people read off an axis. */
const STEPS_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440];
const MINUTE_MS = 60_000;

/** A range resolved at a moment: where it starts and ends, and the step that keeps it under `maxPoints`. */
export interface ResolvedTimeRange {
  name: TimeRangeName;
  /** Epoch ms, on a step boundary (the API's steps start at multiples of the step). */
  fromMs: number;
  /** Epoch ms, the end of the current minute (exclusive), so the minute being filled is included. */
  toMs: number;
  from: string;
  to: string;
  stepMinutes: number;
}

/** The range an address query names, or the default one for a missing or unknown name. */
export function timeRangeName(value: string | null | undefined): TimeRangeName {
  return TIME_RANGES.find((range) => range.name === value)?.name ?? DEFAULT_TIME_RANGE;
}

/** The smallest round step (minutes) that splits `minutes` into at most `maxPoints` steps. */
export function stepFor(minutes: number, maxPoints = 300): number {
  const needed = minutes / Math.max(1, maxPoints);
  return STEPS_MINUTES.find((step) => step >= needed) ?? Math.ceil(needed / 1440) * 1440;
}

/** Turns a range name into from / to / stepMinutes at `nowMs`, with at most ~`maxPoints` steps. */
export function resolveTimeRange(name: TimeRangeName, nowMs: number, maxPoints = 300): ResolvedTimeRange {
  const minutes = TIME_RANGES.find((range) => range.name === name)?.minutes ?? 60;
  const stepMinutes = stepFor(minutes, maxPoints);
  const stepMs = stepMinutes * MINUTE_MS;
  const toMs = (Math.floor(nowMs / MINUTE_MS) + 1) * MINUTE_MS;
  const fromMs = Math.floor((toMs - minutes * MINUTE_MS) / stepMs) * stepMs;
  return {
    name,
    fromMs,
    toMs,
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    stepMinutes,
  };
}

/** The start of every step of a resolved range, oldest first (for charts that show gaps as gaps). */
export function stepStarts(range: ResolvedTimeRange): number[] {
  const stepMs = range.stepMinutes * MINUTE_MS;
  const starts: number[] = [];
  for (let at = range.fromMs; at < range.toMs; at += stepMs) starts.push(at);
  return starts;
}
