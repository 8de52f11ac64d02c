import { matchesAll } from '../../kernel/index.js';
import { AlertSeries, type RuleRuntime } from './alert-series.js';
import { DynamicBaseline } from './baseline.js';
import type { AlertTransition, Sample } from './evaluator-types.js';
import { canonicalSeriesKey, fastSeriesKey, SeriesEntry as GenericSeriesEntry } from './series-entry.js';
import type { TimerQueue } from './timer-queue.js';

/** A series entry holding alert series. */
export type SeriesEntry = GenericSeriesEntry<AlertSeries>;

/** Keys of series no rule wants, remembered so their samples cost one lookup; cleared when full. */
const MAX_IGNORED_KEYS = 100_000;
/** Spellings of one series' key remembered (labels in different orders). */
const MAX_ALIASES = 4;

/**
 * The rules and the series they evaluate: which rules read a series name, which series (name +
 * labels) exist and which rules' matchers chose them — decided once per series, never per sample.
 */
export class SeriesRegistry {
  readonly rules = new Map<string, RuleRuntime>();
  /** Each entry once, in arrival order. */
  readonly entries = new Set<SeriesEntry>();
  droppedSeries = 0;
  private rulesBySeries = new Map<string, RuleRuntime[]>();
  /** By canonical key and by alias keys. */
  private readonly byKey = new Map<string, SeriesEntry>();
  private ignored = new Set<string>();
  /** Series entries by labels object identity, then name (see entryOf). */
  private byLabels = new WeakMap<object, Map<string, SeriesEntry>>();

  constructor(
    private readonly maxSeriesPerRule: number,
    private readonly timers: TimerQueue,
  ) {}

  /** Forgets everything. */
  clear(): void {
    this.rules.clear();
    this.entries.clear();
    this.byKey.clear();
    this.ignored = new Set();
    this.byLabels = new WeakMap();
    this.rulesBySeries = new Map();
    this.droppedSeries = 0;
  }

  /**
   * The series entry of a sample, or undefined when no rule reads it. A labels object seen twice
   * for a series is remembered (by identity, in a WeakMap), so producers that reuse one labels
   * object per series skip building the key; labels must not be changed after they are ingested.
   */
  entryOf(sample: Sample): SeriesEntry | undefined {
    const { name, labels } = sample;
    const known = this.byLabels.get(labels)?.get(name);
    if (known !== undefined && !known.removed) return known;
    const rules = this.rulesBySeries.get(name);
    if (rules === undefined) return undefined;
    const key = fastSeriesKey(name, labels);
    const entry = this.byKey.get(key) ?? this.admit(key, sample, rules);
    if (entry === undefined) return undefined;
    if (entry.lastLabels === labels) {
      const byName = this.byLabels.get(labels);
      if (byName === undefined) this.byLabels.set(labels, new Map([[name, entry]]));
      else byName.set(name, entry);
    }
    entry.lastLabels = labels;
    return entry;
  }

  /** Rebuilds the index of rules by series name (after rules were added or removed). */
  indexRules(): void {
    const bySeries = new Map<string, RuleRuntime[]>();
    for (const runtime of this.rules.values()) {
      const name = runtime.rule.condition.series;
      const list = bySeries.get(name);
      if (list === undefined) bySeries.set(name, [runtime]);
      else list.push(runtime);
    }
    this.rulesBySeries = bySeries;
  }

  addEntry(key: string, name: string, labels: Record<string, string>): SeriesEntry {
    const entry: SeriesEntry = new GenericSeriesEntry(key, name, labels);
    this.byKey.set(key, entry);
    this.entries.add(entry);
    return entry;
  }

  /** Starts evaluating `runtime`'s rule on `entry`. */
  attach(runtime: RuleRuntime, entry: SeriesEntry): AlertSeries {
    const member = new AlertSeries(runtime, entry, this.timers);
    runtime.members.add(member);
    entry.members.push(member);
    entry.membersChanged();
    return member;
  }

  removeEntry(entry: SeriesEntry): void {
    entry.removed = true;
    entry.lastLabels = undefined;
    this.entries.delete(entry);
    this.byKey.delete(entry.key);
    for (const alias of entry.aliases) this.byKey.delete(alias);
  }

  /** Lets new (or changed) rules find the series already known. */
  admitExisting(
    added: ReadonlyArray<RuleRuntime>,
    keptBaselines: ReadonlyMap<string, ReadonlyMap<SeriesEntry, DynamicBaseline>>,
  ): void {
    this.ignored = new Set();
    for (const entry of this.entries) {
      let changed = false;
      for (const runtime of added) {
        const { condition } = runtime.rule;
        if (condition.series !== entry.name || !matchesAll(condition.matchers, entry.labels)) continue;
        if (runtime.members.size >= this.maxSeriesPerRule) {
          this.droppedSeries++;
          continue;
        }
        const member = this.attach(runtime, entry);
        const kept = keptBaselines.get(runtime.rule.id)?.get(entry);
        if (kept !== undefined && condition.kind === 'dynamic') {
          member.baseline = DynamicBaseline.fromState(condition.baseline, kept.exportState());
        }
        changed = true;
      }
      if (changed) entry.updateRetention();
    }
  }

  /** Resolves a rule's active alerts and forgets its state (series left without rules are removed by the caller). */
  dropRule(
    runtime: RuleRuntime,
    reason: 'rule_removed' | 'rule_changed',
    nowMs: number,
    out: AlertTransition[],
  ) {
    this.rules.delete(runtime.rule.id);
    for (const member of runtime.members) {
      member.resolveForRule(reason, nowMs, out);
      const entry = member.series;
      const at = entry.members.indexOf(member);
      if (at >= 0) entry.members.splice(at, 1);
      entry.membersChanged();
      entry.updateRetention();
    }
    runtime.members.clear();
  }

  /** Forgets series whose every rule state is forgettable: memory stays bounded as series come and go. */
  forgetQuietSeries(nowMs: number): void {
    let forgot = false;
    for (const entry of this.entries) {
      if (!entry.members.every((member) => member.forgettable(nowMs))) continue;
      for (const member of entry.members) {
        member.removed = true;
        member.runtime.members.delete(member);
      }
      this.removeEntry(entry);
      forgot = true;
    }
    // Series refused because a rule was full may fit now.
    if (forgot) this.ignored = new Set();
  }

  /** First sample of a series with this key spelling: find it under its canonical key, or let the rules decide. */
  private admit(key: string, sample: Sample, rules: ReadonlyArray<RuleRuntime>): SeriesEntry | undefined {
    if (this.ignored.has(key)) return undefined;
    const canonical = canonicalSeriesKey(sample.name, sample.labels);
    const existing = this.byKey.get(canonical);
    if (existing !== undefined) {
      if (existing.aliases.length < MAX_ALIASES) {
        existing.aliases.push(key);
        this.byKey.set(key, existing);
      }
      return existing;
    }
    const labels = { ...sample.labels };
    const wanted: RuleRuntime[] = [];
    let refused = false;
    for (const runtime of rules) {
      if (!matchesAll(runtime.rule.condition.matchers, labels)) continue;
      if (runtime.members.size < this.maxSeriesPerRule) wanted.push(runtime);
      else refused = true;
    }
    if (refused) this.droppedSeries++;
    if (wanted.length === 0) {
      if (this.ignored.size >= MAX_IGNORED_KEYS) this.ignored = new Set();
      this.ignored.add(key);
      return undefined;
    }
    const entry = this.addEntry(canonical, sample.name, labels);
    if (key !== canonical) {
      entry.aliases.push(key);
      this.byKey.set(key, entry);
    }
    for (const runtime of wanted) this.attach(runtime, entry);
    entry.updateRetention();
    return entry;
  }
}
