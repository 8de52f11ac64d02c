import type { CompiledMatcher } from '../../kernel/index.js';
import { compileMatcherTexts } from './matcher-list.js';
import { MatcherSetIndex } from './matcher-set-index.js';

/** What the index needs of a stored silence. */
export interface IndexableSilence {
  id: string;
  matchers: ReadonlyArray<string>;
  startsAt: string;
  endsAt: string;
}

interface CompiledSilence {
  id: string;
  matchers: CompiledMatcher[];
  startsAt: number;
  endsAt: number;
}

/** The silences in force during [from, until): no silence starts or ends inside it. */
interface ActivePeriod {
  from: number;
  until: number;
  index: MatcherSetIndex<string>;
}

/**
 * Answers "which silences mute these labels now" for many alerts at once. Matchers are compiled
 * once; only the silences in force are indexed (rebuilt when a silence starts or ends), filed by
 * an equality matcher where they have one, so expired and future silences cost nothing.
 */
export class SilenceIndex {
  private silences: CompiledSilence[] = [];
  /** Every startsAt and endsAt, sorted, distinct. */
  private boundaries: number[] = [];
  private active: ActivePeriod | undefined;
  private invalid: string[] = [];

  /** Replaces the silences (expired ones may stay: they are skipped by time). */
  set(silences: ReadonlyArray<IndexableSilence>): void {
    this.silences = [];
    this.invalid = [];
    for (const s of silences) {
      const matchers = compileMatcherTexts(s.matchers);
      const startsAt = Date.parse(s.startsAt);
      const endsAt = Date.parse(s.endsAt);
      // A stored silence whose matchers no longer compile mutes nothing rather than everything.
      if (!matchers || matchers.length === 0 || Number.isNaN(startsAt) || Number.isNaN(endsAt)) {
        this.invalid.push(s.id);
        continue;
      }
      this.silences.push({ id: s.id, matchers, startsAt, endsAt });
    }
    const times = new Set<number>();
    for (const s of this.silences) times.add(s.startsAt).add(s.endsAt);
    this.boundaries = [...times].sort((a, b) => a - b);
    this.active = undefined;
  }

  /** Ids of the silences given to `set` that were left out because they could not be read. */
  invalidIds(): string[] {
    return [...this.invalid];
  }

  /** Ids of the silences muting `labels` at `nowMs` (in force in [startsAt, endsAt)), sorted. */
  silencedBy(labels: Readonly<Record<string, string>>, nowMs: number): string[] {
    const ids = this.periodAt(nowMs).index.matching(labels);
    return ids.length > 1 ? ids.sort() : ids;
  }

  /** The first time after `nowMs` when a silence starts or ends, if any will. */
  nextChangeAt(nowMs: number): number | undefined {
    return this.boundaries[firstAfter(this.boundaries, nowMs)];
  }

  private periodAt(nowMs: number): ActivePeriod {
    if (this.active && nowMs >= this.active.from && nowMs < this.active.until) return this.active;
    const next = firstAfter(this.boundaries, nowMs);
    const index = new MatcherSetIndex<string>();
    for (const s of this.silences) if (s.startsAt <= nowMs && nowMs < s.endsAt) index.add(s.id, s.matchers);
    this.active = {
      from: next === 0 ? Number.NEGATIVE_INFINITY : this.boundaries[next - 1]!,
      until: this.boundaries[next] ?? Number.POSITIVE_INFINITY,
      index,
    };
    return this.active;
  }
}

/** Index of the first value greater than `t` in sorted `values` (its length when none is). */
function firstAfter(values: ReadonlyArray<number>, t: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (values[mid]! <= t) low = mid + 1;
    else high = mid;
  }
  return low;
}
