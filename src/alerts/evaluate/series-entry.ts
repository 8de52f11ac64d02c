import type { AlertSeries } from './alert-series.js';
import { SampleBuffer } from './sample-buffer.js';

/**
 * One series (name + label set) that at least one rule evaluates: its recent samples and the
 * rules' states on it, found by key on every sample so no matcher runs on the hot path.
 */
export class SeriesEntry {
  buffer = new SampleBuffer();
  /** Newest sample time (-Infinity before the first). */
  lastTime = Number.NEGATIVE_INFINITY;
  /** How far back samples are kept: the longest window among the rules. */
  retentionMs = 0;
  readonly members: AlertSeries[] = [];
  /** Other spellings of the key (labels in another order) that lead here. */
  readonly aliases: string[] = [];
  /** Has samples evaluate() has not seen; firstNewTime is the oldest of them. */
  touched = false;
  firstNewTime = Number.NEGATIVE_INFINITY;
  /** The labels object of the latest sample: seen twice, it is remembered by identity. */
  lastLabels: object | undefined;
  /** Set once the evaluator forgot this series (identity caches may still point here). */
  removed = false;

  constructor(
    readonly key: string,
    readonly name: string,
    readonly labels: Readonly<Record<string, string>>,
  ) {}

  /** Recomputes the retention after the rules on this series changed. */
  updateRetention(): void {
    let retention = 0;
    for (const member of this.members) retention = Math.max(retention, member.condition.windowMs);
    this.retentionMs = retention;
  }
}

/** The key of a series as its labels come (insertion order): cheap, one string concatenation. */
export function fastSeriesKey(name: string, labels: Readonly<Record<string, string>>): string {
  let key = name;
  for (const label in labels) key += `\u0000${label}\u0001${labels[label]}`;
  return key;
}

/** The key of a series whatever the order of its labels. */
export function canonicalSeriesKey(name: string, labels: Readonly<Record<string, string>>): string {
  let key = name;
  for (const label of Object.keys(labels).sort()) key += `\u0000${label}\u0001${labels[label]}`;
  return key;
}
