/**
 * Wall-clock time in an IANA time zone, from the platform's time zone data (Intl). A wall-clock
 * time is written as the epoch milliseconds of the same calendar date and time in UTC, so that
 * plain UTC arithmetic walks the local calendar with no daylight saving time in the way.
 */
const DAY_MS = 86_400_000;
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** True when `zone` is an IANA time zone name the platform knows (`Europe/Lisbon`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  if (!IANA_NAME.test(zone)) return false;
  try {
    formatterOf(zone);
    return true;
  } catch {
    return false;
  }
}

/** How far `zone`'s wall clock is ahead of UTC at `instantMs` (Lisbon in summer: 3_600_000). */
export function zoneOffsetAt(zone: string, instantMs: number): number {
  const second = instantMs - mod(instantMs, 1000);
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let sec = 0;
  for (const part of formatterOf(zone).formatToParts(second)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
    else if (part.type === 'second') sec = Number(part.value);
  }
  const wall = Date.UTC(year, month - 1, day, hour, minute, sec);
  return wall - second;
}

/** The wall-clock time in `zone` at `instantMs`. */
export function wallTimeOf(zone: string, instantMs: number): number {
  return instantMs + zoneOffsetAt(zone, instantMs);
}

/** The zone's offsets a day before and a day after a wall-clock time: they differ around a DST change. */
export function offsetsAround(zone: string, wallMs: number): { before: number; after: number } {
  return { before: zoneOffsetAt(zone, wallMs - DAY_MS), after: zoneOffsetAt(zone, wallMs + DAY_MS) };
}

/**
 * The instant a wall-clock time names in `zone`. A time that happens twice (clocks go back)
 * names its first instant; a time that never happens (clocks go forward) is moved forward by
 * the jump, as cron does: 01:30 on the night Lisbon goes from 01:00 to 02:00 is 02:30.
 */
export function instantOfWallTime(zone: string, wallMs: number): number {
  const { before, after } = offsetsAround(zone, wallMs);
  if (before === after) return wallMs - before;
  const first = wallMs - before;
  const second = wallMs - after;
  const firstExists = wallTimeOf(zone, first) === wallMs;
  const secondExists = wallTimeOf(zone, second) === wallMs;
  if (firstExists && secondExists) return Math.min(first, second);
  if (secondExists) return second;
  // Exists only with the offset before the change, or not at all (a gap): the offset before applies.
  return first;
}

function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}
