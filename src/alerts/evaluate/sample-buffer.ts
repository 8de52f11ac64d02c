/**
 * Most samples kept per series. A series sampled faster than this many samples per window
 * (e.g. more than 33 per second with a 5m window) has its oldest samples dropped early, so its
 * aggregates see only the newest 10,000 samples of the window.
 */
export const MAX_SAMPLES_PER_SERIES = 10_000;

const INITIAL_CAPACITY = 4;

/** The recent samples of one series, oldest first, in a growable ring (timestamps strictly increasing). */
export class SampleBuffer {
  private times: Float64Array;
  private values: Float64Array;
  private head = 0;
  private count = 0;

  constructor(capacity = INITIAL_CAPACITY) {
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the newest sample, or -Infinity when empty. */
  get lastTime(): number {
    return this.count === 0 ? Number.NEGATIVE_INFINITY : this.timeAt(this.count - 1);
  }

  /** Value of the newest sample (NaN when empty). */
  get lastValue(): number {
    return this.count === 0 ? Number.NaN : this.valueAt(this.count - 1);
  }

  /** Time of the i-th sample, 0 = oldest. */
  timeAt(i: number): number {
    return this.times[(this.head + i) % this.times.length]!;
  }

  valueAt(i: number): number {
    return this.values[(this.head + i) % this.values.length]!;
  }

  /** Appends a sample (newer than the last) and forgets samples at or before `horizon`. */
  push(time: number, value: number, horizon: number): void {
    const capacity = this.times.length;
    while (this.count > 0 && this.times[this.head]! <= horizon) {
      this.head = (this.head + 1) % capacity;
      this.count--;
    }
    if (this.count === capacity) {
      if (capacity < MAX_SAMPLES_PER_SERIES) this.grow(Math.min(capacity * 2, MAX_SAMPLES_PER_SERIES));
      else {
        this.head = (this.head + 1) % capacity;
        this.count--;
      }
    }
    const slot = (this.head + this.count) % this.times.length;
    this.times[slot] = time;
    this.values[slot] = value;
    this.count++;
  }

  /** Index of the newest sample at or before `time`, or -1. */
  lastIndexAtOrBefore(time: number): number {
    if (this.count === 0) return -1;
    if (this.timeAt(this.count - 1) <= time) return this.count - 1;
    let low = 0;
    let high = this.count;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.timeAt(mid) <= time) low = mid + 1;
      else high = mid;
    }
    return low - 1;
  }

  /** Index of the oldest sample after `time` (size when none). */
  firstIndexAfter(time: number): number {
    let low = 0;
    let high = this.count;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.timeAt(mid) <= time) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Plain arrays, oldest first (for exported state). */
  toArrays(): { times: number[]; values: number[] } {
    const times: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < this.count; i++) {
      times.push(this.timeAt(i));
      values.push(this.valueAt(i));
    }
    return { times, values };
  }

  /** A buffer holding these samples (oldest first, as toArrays gave them). */
  static fromArrays(times: ReadonlyArray<number>, values: ReadonlyArray<number>): SampleBuffer {
    let capacity = INITIAL_CAPACITY;
    while (capacity < times.length) capacity *= 2;
    const buffer = new SampleBuffer(Math.min(capacity, MAX_SAMPLES_PER_SERIES));
    const start = Math.max(0, times.length - MAX_SAMPLES_PER_SERIES);
    for (let i = start; i < times.length; i++) buffer.push(times[i]!, values[i]!, Number.NEGATIVE_INFINITY);
    return buffer;
  }

  private grow(capacity: number): void {
    const times = new Float64Array(capacity);
    const values = new Float64Array(capacity);
    for (let i = 0; i < this.count; i++) {
      times[i] = this.timeAt(i);
      values[i] = this.valueAt(i);
    }
    this.times = times;
    this.values = values;
    this.head = 0;
  }
}
