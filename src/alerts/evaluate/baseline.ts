import type { CompiledDynamicCondition } from '../definition/rule-compile.js';
import { SortedValues } from './sorted-values.js';

/**
 * The learned baseline of one series for a dynamic rule: per-minute values (the rule's
 * aggregate at the last sample of each minute) over a rolling history, their median, and a
 * band median ± k × 1.4826 × MAD. With hour_of_week seasonality there is one history per hour
 * of the week (168 buckets, UTC, bucket 0 = Sunday 00:00–01:00). Memory: about 20 bytes per minute value.
 */

const MINUTE_MS = 60_000;
export const HOURS_PER_WEEK = 168;
/** Scales the median absolute deviation to estimate a standard deviation (normal data). */
const MAD_SCALE = 1.4826;

export interface Band {
  median: number;
  lower: number;
  upper: number;
  points: number;
}

/** A band for display: null while there is no value at all. */
export interface BandStats {
  median: number | null;
  lower: number | null;
  upper: number | null;
  points: number;
}

export type BaselineSettings = CompiledDynamicCondition['baseline'];

/** Exported form: the minute being collected and the committed minute values, oldest first. */
export interface BaselineState {
  current: [minute: number, value: number] | null;
  minutes: number[];
  values: number[];
}

/** Hour of the week (0–167, Sunday 00:00 UTC = 0) of a minute since the epoch (a Thursday). */
export function hourOfWeek(minute: number): number {
  const hour = (Math.floor(minute / 60) + 4 * 24) % HOURS_PER_WEEK;
  return hour < 0 ? hour + HOURS_PER_WEEK : hour;
}

/** The minute values of one history (or bucket), in arrival order and sorted. */
class MinuteHistory {
  private minutes: number[] = [];
  private values: number[] = [];
  private head = 0;
  private readonly sorted = new SortedValues();

  get points(): number {
    return this.sorted.size;
  }

  add(minute: number, value: number): void {
    this.minutes.push(minute);
    this.values.push(value);
    this.sorted.insert(value);
  }

  /** Forgets values of minutes at or before `minute`. */
  expireThrough(minute: number): void {
    while (this.head < this.minutes.length && this.minutes[this.head]! <= minute) {
      this.sorted.remove(this.values[this.head]!);
      this.head++;
    }
    if (this.head > 64 && this.head * 2 > this.minutes.length) {
      this.minutes = this.minutes.slice(this.head);
      this.values = this.values.slice(this.head);
      this.head = 0;
    }
  }

  stats(k: number): BandStats {
    if (this.sorted.size === 0) return { median: null, lower: null, upper: null, points: 0 };
    const median = this.sorted.median();
    const spread = k * MAD_SCALE * this.sorted.medianAbsoluteDeviation(median);
    return { median, lower: median - spread, upper: median + spread, points: this.sorted.size };
  }

  entries(into: Array<[number, number]>): void {
    for (let i = this.head; i < this.minutes.length; i++) into.push([this.minutes[i]!, this.values[i]!]);
  }
}

export class DynamicBaseline {
  private current: [number, number] | null = null;
  private readonly histories: MinuteHistory[];
  private readonly historyMinutes: number;

  constructor(private readonly settings: BaselineSettings) {
    const count = settings.seasonality === 'hour_of_week' ? HOURS_PER_WEEK : 1;
    this.histories = Array.from({ length: count }, () => new MinuteHistory());
    this.historyMinutes = Math.max(1, Math.floor(settings.historyMs / MINUTE_MS));
  }

  /** Records the aggregated value at time t; a new minute commits the previous minute's value. */
  observe(t: number, value: number): void {
    const minute = Math.floor(t / MINUTE_MS);
    const current = this.current;
    if (current !== null && minute <= current[0]) {
      current[1] = value;
      return;
    }
    if (current !== null) {
      const history = this.historyOf(current[0]);
      history.expireThrough(minute - this.historyMinutes);
      if (current[0] > minute - this.historyMinutes) history.add(current[0], current[1]);
    }
    this.current = [minute, value];
  }

  /** The band to compare with at time t, or undefined while fewer than minPoints values are known. */
  bandAt(t: number): Band | undefined {
    const minute = Math.floor(t / MINUTE_MS);
    const history = this.historyOf(minute);
    history.expireThrough(minute - this.historyMinutes);
    if (history.points < this.settings.minPoints) return undefined;
    const { median, lower, upper, points } = history.stats(this.settings.k);
    return { median: median!, lower: lower!, upper: upper!, points };
  }

  /** The band at time t and, with hour_of_week, all 168 buckets. */
  view(t: number): BandStats & { buckets?: BandStats[] } {
    const now = this.historyOf(Math.floor(t / MINUTE_MS)).stats(this.settings.k);
    if (this.histories.length === 1) return now;
    return { ...now, buckets: this.histories.map((history) => history.stats(this.settings.k)) };
  }

  /** True when no committed value remains within the history at time t (nothing learned worth keeping). */
  forgottenAt(t: number): boolean {
    const horizon = Math.floor(t / MINUTE_MS) - this.historyMinutes;
    if (this.current !== null && this.current[0] > horizon) return false;
    const entries: Array<[number, number]> = [];
    for (const history of this.histories) history.entries(entries);
    return entries.every(([minute]) => minute <= horizon);
  }

  exportState(): BaselineState {
    const entries: Array<[number, number]> = [];
    for (const history of this.histories) history.entries(entries);
    entries.sort((a, b) => a[0] - b[0]);
    return {
      current: this.current === null ? null : [this.current[0], this.current[1]],
      minutes: entries.map(([minute]) => minute),
      values: entries.map(([, value]) => value),
    };
  }

  static fromState(settings: BaselineSettings, state: BaselineState): DynamicBaseline {
    const baseline = new DynamicBaseline(settings);
    for (let i = 0; i < state.minutes.length; i++) {
      baseline.historyOf(state.minutes[i]!).add(state.minutes[i]!, state.values[i]!);
    }
    baseline.current = state.current === null ? null : [state.current[0], state.current[1]];
    return baseline;
  }

  private historyOf(minute: number): MinuteHistory {
    return this.histories.length === 1 ? this.histories[0]! : this.histories[hourOfWeek(minute)]!;
  }
}
