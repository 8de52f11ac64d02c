import { CronExpressionParser } from 'cron-parser';
import { instantOfWallTime, offsetsAround, wallTimeOf } from './zoned-time.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** How far ahead an occurrence is looked for: past the 8-year gap between two 29ths of February. */
const HORIZON_DAYS = 3000;

export type CronParse = { ok: true; schedule: CronSchedule } | { ok: false; message: string };

/**
 * A five-field cron schedule (minute hour day-of-month month day-of-week) in an IANA time zone.
 * cron-parser reads the expression; occurrences are computed here on the zone's wall clock and
 * then placed in time, so the answer never depends on where a search starts (cron-parser's own
 * iteration can skip or repeat an occurrence when started inside a daylight saving change).
 */
export class CronSchedule {
  private constructor(
    readonly expression: string,
    readonly timezone: string,
    /** Minutes of the day (hour × 60 + minute) it fires at, ascending. */
    private readonly slots: ReadonlyArray<number>,
    private readonly months: ReadonlySet<number>,
    private readonly days: DayRule,
  ) {}

  /** Reads `expression` (time zone already checked); the message says what is wrong. */
  static parse(expression: string, timezone: string): CronParse {
    const fields = expression.trim().split(/\s+/);
    if (fields.length !== 5) {
      return {
        ok: false,
        message: `must have 5 fields (minute hour day-of-month month day-of-week), got ${fields.length} in "${expression}"`,
      };
    }
    // `H` picks a random value per parse: occurrences would move on every restart.
    if (fields.some((field) => field.split(',').some((part) => /^h/i.test(part)))) {
      return { ok: false, message: `"${expression}" uses H (a random value), which is not supported` };
    }
    let parsed: ReturnType<typeof CronExpressionParser.parse>;
    try {
      parsed = CronExpressionParser.parse(expression, { tz: 'UTC', currentDate: 0 });
    } catch (error) {
      return { ok: false, message: `"${expression}" is not a cron schedule: ${(error as Error).message}` };
    }
    const f = parsed.fields;
    const numbers = (values: ReadonlyArray<number | string>) =>
      values.filter((v): v is number => typeof v === 'number');
    const slots = numbers(f.hour.values)
      .flatMap((h) => numbers(f.minute.values).map((m) => h * 60 + m))
      .sort((a, b) => a - b);
    const days: DayRule = {
      daysOfMonth: new Set(numbers(f.dayOfMonth.values)),
      lastDayOfMonth: f.dayOfMonth.hasLastChar,
      anyDayOfMonth: f.dayOfMonth.isWildcard,
      weekdays: new Set(numbers(f.dayOfWeek.values).map((d) => d % 7)),
      lastWeekdays: new Set(
        f.dayOfWeek.values.filter((v) => typeof v === 'string').map((v) => Number.parseInt(v, 10) % 7),
      ),
      nthWeekday: f.dayOfWeek.nthDay,
      anyWeekday: f.dayOfWeek.isWildcard,
    };
    return {
      ok: true,
      schedule: new CronSchedule(expression, timezone, slots, new Set(f.month.values), days),
    };
  }

  /** The first occurrence strictly after `afterMs`, or undefined when there is none in about 8 years. */
  nextAfter(afterMs: number): number | undefined {
    const zone = this.timezone;
    const { before, after } = offsetsAround(zone, wallTimeOf(zone, afterMs));
    // Wall times are not in the same order as their instants inside a daylight saving gap, so
    // the search starts early enough and goes on while a later wall time could still be earlier.
    let wall = this.nextWallAfter(afterMs + Math.min(before, after) - 1);
    let best: number | undefined;
    while (wall !== undefined) {
      const around = offsetsAround(zone, wall);
      if (best !== undefined && wall - Math.max(around.before, around.after) >= best) break;
      const instant = instantOfWallTime(zone, wall);
      if (instant > afterMs && (best === undefined || instant < best)) best = instant;
      wall = this.nextWallAfter(wall);
    }
    return best;
  }

  /** The first wall-clock time strictly after `afterWall` that the schedule names. */
  private nextWallAfter(afterWall: number): number | undefined {
    const first = Math.floor(afterWall / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
    const firstDay = Math.floor(first / DAY_MS);
    let fromMinute = (first - firstDay * DAY_MS) / MINUTE_MS;
    for (let day = firstDay; day < firstDay + HORIZON_DAYS; day++, fromMinute = 0) {
      const date = new Date(day * DAY_MS);
      if (!this.months.has(date.getUTCMonth() + 1) || !dayMatches(this.days, date)) continue;
      const slot = firstAtLeast(this.slots, fromMinute);
      if (slot !== undefined) return day * DAY_MS + slot * MINUTE_MS;
    }
    return undefined;
  }
}

/** The day-of-month and day-of-week fields, with cron-parser's reading of L, # and wildcards. */
interface DayRule {
  daysOfMonth: ReadonlySet<number>;
  lastDayOfMonth: boolean;
  anyDayOfMonth: boolean;
  /** 0 = Sunday (7 also reads as Sunday). */
  weekdays: ReadonlySet<number>;
  /** `5L`: the last Friday of the month. */
  lastWeekdays: ReadonlySet<number>;
  /** `1#2`: the second Monday; 0 when not used. */
  nthWeekday: number;
  anyWeekday: boolean;
}

/** Whether the calendar day (a UTC date standing for the local one) is a day the schedule fires on. */
function dayMatches(rule: DayRule, date: Date): boolean {
  const dayOfMonth = date.getUTCDate();
  const weekday = date.getUTCDay();
  const monthLength = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  const byMonthDay = rule.daysOfMonth.has(dayOfMonth) || (rule.lastDayOfMonth && dayOfMonth === monthLength);
  const byWeekday =
    (rule.weekdays.has(weekday) && (rule.nthWeekday <= 0 || Math.ceil(dayOfMonth / 7) === rule.nthWeekday)) ||
    (rule.lastWeekdays.has(weekday) && dayOfMonth > monthLength - 7);
  // As in cron: when both fields are restricted, a day matching either one fires.
  if (rule.anyWeekday) return byMonthDay;
  if (rule.anyDayOfMonth) return byWeekday;
  return byMonthDay || byWeekday;
}

/** The first value ≥ `min` in ascending `values`. */
function firstAtLeast(values: ReadonlyArray<number>, min: number): number | undefined {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (values[mid]! < min) low = mid + 1;
    else high = mid;
  }
  return values[low];
}
