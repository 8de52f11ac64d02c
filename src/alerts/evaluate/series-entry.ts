import type { Comparison } from '../definition/rule-condition.js';
import { compare } from './condition-check.js';
import { SampleBuffer } from './sample-buffer.js';

/** What a series entry needs of the rule states it holds (AlertSeries). */
export interface SeriesMember {
  readonly condition: { readonly windowMs: number };
  /**
   * The threshold of a member that is inactive, not flapping and compares the newest value: a
   * sample not crossing it changes nothing. Undefined otherwise.
   */
  quietThreshold(): { op: Comparison; threshold: number } | undefined;
}

/**
 * One series (name + label set) that at least one rule evaluates: its recent samples and the
 * rules' states on it, found by key on every sample so no matcher runs on the hot path.
 */
export class SeriesEntry<Member extends SeriesMember = SeriesMember> {
  buffer = new SampleBuffer();
  /** Newest sample time (-Infinity before the first). */
  lastTime = Number.NEGATIVE_INFINITY;
  /** How far back samples are kept: the longest window among the rules. */
  retentionMs = 0;
  readonly members: Member[] = [];
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

  /**
   * Every member is quiet (as of its last evaluation): a sample that crosses none of their
   * thresholds need not be evaluated. Cleared whenever the members change.
   */
  quiet = false;
  /** The members' thresholds, built once per member list (conditions of kept members never change). */
  private quietOps: Comparison[] | undefined;
  private quietThresholds: number[] = [];

  /** The member list changed: not quiet until evaluated again. */
  membersChanged(): void {
    this.quiet = false;
    this.quietOps = undefined;
  }

  /** Recomputes `quiet` after the members were evaluated. */
  updateQuiet(): void {
    this.quiet = false;
    for (const member of this.members) if (member.quietThreshold() === undefined) return;
    if (this.quietOps === undefined) {
      const ops: Comparison[] = [];
      const thresholds: number[] = [];
      for (const member of this.members) {
        const check = member.quietThreshold()!;
        ops.push(check.op);
        thresholds.push(check.threshold);
      }
      this.quietOps = ops;
      this.quietThresholds = thresholds;
    }
    this.quiet = true;
  }

  /** True when `value` crosses a quiet member's threshold (the series must then be evaluated). */
  wakes(value: number): boolean {
    const ops = this.quietOps ?? [];
    for (let i = 0; i < ops.length; i++) if (compare(value, ops[i]!, this.quietThresholds[i]!)) return true;
    return false;
  }

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
