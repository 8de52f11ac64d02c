import type { MetricSample } from './metric-sample.js';

const MINUTE_MS = 60_000;

/** The start of the UTC minute holding `ms` (epoch milliseconds); floors towards -∞ for times before 1970. */
export function floorToMinute(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

/**
 * The canonical identity of a series: `name{a="1",b="2"}` with labels sorted by code unit (not locale, so
 * every host agrees) and values escaped as in the exposition format, so two label sets never share a key.
 * Empty label values are left out, as Prometheus treats them as absent labels.
 */
export function seriesKey(name: string, labels: Readonly<Record<string, string>>): string {
  const parts = Object.keys(labels)
    .filter((label) => labels[label] !== '')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((label) => `${label}="${escapeLabelValue(labels[label]!)}"`);
  return parts.length === 0 ? name : `${name}{${parts.join(',')}}`;
}

/** Plain-object form of a rollup, for a SQL row or JSON. */
export interface MinuteRollupSnapshot {
  count: number;
  sum: number;
  min: number;
  max: number;
  last: number;
  lastTimestamp: number;
}

/**
 * Count, sum, min, max and last value of one series over one minute. Never empty (it starts from a first
 * value), so every field is a real number. `last` is the value with the latest timestamp, not the latest
 * to arrive, because pushes and scrapes may come out of order; on equal timestamps the later one wins.
 */
export class MinuteRollup {
  private state: MinuteRollupSnapshot;

  constructor(value: number, timestamp: number) {
    assertFinite(value, timestamp);
    this.state = { count: 1, sum: value, min: value, max: value, last: value, lastTimestamp: timestamp };
  }

  /** How many values were added. */
  get count(): number {
    return this.state.count;
  }

  /** The sum of the values added. */
  get sum(): number {
    return this.state.sum;
  }

  /** The smallest value added. */
  get min(): number {
    return this.state.min;
  }

  /** The largest value added. */
  get max(): number {
    return this.state.max;
  }

  /** The value with the latest timestamp. */
  get last(): number {
    return this.state.last;
  }

  /** The timestamp of `last`. */
  get lastTimestamp(): number {
    return this.state.lastTimestamp;
  }

  /** Adds one value; throws RangeError on NaN or infinities, which would poison every later aggregate. */
  add(value: number, timestamp: number): this {
    assertFinite(value, timestamp);
    const s = this.state;
    s.count++;
    s.sum += value;
    if (value < s.min) s.min = value;
    if (value > s.max) s.max = value;
    if (timestamp >= s.lastTimestamp) {
      s.last = value;
      s.lastTimestamp = timestamp;
    }
    return this;
  }

  /** Folds `other` into this rollup (other is unchanged). */
  merge(other: MinuteRollup): this {
    const s = this.state;
    s.count += other.count;
    s.sum += other.sum;
    s.min = Math.min(s.min, other.min);
    s.max = Math.max(s.max, other.max);
    if (other.lastTimestamp >= s.lastTimestamp) {
      s.last = other.last;
      s.lastTimestamp = other.lastTimestamp;
    }
    return this;
  }

  /** The mean of the values added. */
  get mean(): number {
    return this.state.sum / this.state.count;
  }

  /** A copy of the fields, for storage. */
  toJSON(): MinuteRollupSnapshot {
    return { ...this.state };
  }
}

/** Series key → minute start (epoch ms) → rollup of that series' samples in that minute. */
export function rollupSamples(samples: Iterable<MetricSample>): Map<string, Map<number, MinuteRollup>> {
  const bySeries = new Map<string, Map<number, MinuteRollup>>();
  for (const sample of samples) {
    const key = seriesKey(sample.name, sample.labels);
    let byMinute = bySeries.get(key);
    if (!byMinute) {
      byMinute = new Map();
      bySeries.set(key, byMinute);
    }
    const minute = floorToMinute(sample.timestamp);
    const rollup = byMinute.get(minute);
    if (rollup) rollup.add(sample.value, sample.timestamp);
    else byMinute.set(minute, new MinuteRollup(sample.value, sample.timestamp));
  }
  return bySeries;
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function assertFinite(value: number, timestamp: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`a rollup value must be a finite number, got ${value}`);
  if (!Number.isFinite(timestamp))
    throw new RangeError(`a rollup timestamp must be finite, got ${timestamp}`);
}
