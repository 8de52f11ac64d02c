import { VigiaError } from '../../kernel/index.js';
import { matchesAll } from '../definition/matchers.js';
import { type AlertRule, baselineKey, compileAlertRule, ruleSignature } from '../definition/rule-compile.js';
import { AlertSeries, RuleRuntime } from './alert-series.js';
import { DynamicBaseline } from './baseline.js';
import type {
  ActiveAlertView,
  AlertTransition,
  BandView,
  EvaluatorOptions,
  EvaluatorState,
  EvaluatorStats,
  Sample,
  SeriesState,
} from './evaluator-types.js';
import { SampleBuffer } from './sample-buffer.js';
import { canonicalSeriesKey, fastSeriesKey, SeriesEntry } from './series-entry.js';
import { TimerQueue } from './timer-queue.js';

export type {
  ActiveAlertView,
  AlertSeriesState,
  AlertTransition,
  BandView,
  EvaluatorOptions,
  EvaluatorState,
  EvaluatorStats,
  Sample,
  SeriesState,
  TransitionType,
} from './evaluator-types.js';
export { MAX_SAMPLES_PER_SERIES } from './sample-buffer.js';

const DEFAULT_MAX_SERIES_PER_RULE = 10_000;
/** Keys of series no rule wants, remembered so their samples cost one lookup; cleared when full. */
const MAX_IGNORED_KEYS = 100_000;
/** Spellings of one series' key remembered (labels in different orders). */
const MAX_ALIASES = 4;
/** How often evaluate() forgets series that went quiet and hold nothing worth keeping. */
const SWEEP_INTERVAL_MS = 60_000;

/** exportState output that importState cannot use. */
export class EvaluatorStateError extends VigiaError {
  constructor(message: string) {
    super('ALERT_EVALUATOR_STATE_INVALID', message);
  }
}

/**
 * Evaluates alert rules on samples, in memory and deterministically: the same rules, samples
 * and evaluate() times give the same transitions. ingest() only files a sample (a map lookup and
 * a ring-buffer push); evaluate() checks the series that got samples and the timers that are due.
 */
export class AlertEvaluator {
  private readonly maxSeriesPerRule: number;
  private readonly rules = new Map<string, RuleRuntime>();
  private rulesBySeries = new Map<string, RuleRuntime[]>();
  /** By canonical key and by alias keys. */
  private readonly byKey = new Map<string, SeriesEntry>();
  /** Each entry once, in arrival order. */
  private readonly entries = new Set<SeriesEntry>();
  private ignored = new Set<string>();
  /** Series entries by labels object identity, then name (see entryOf). */
  private byLabels = new WeakMap<object, Map<string, SeriesEntry>>();
  private touched: SeriesEntry[] = [];
  private readonly timers = new TimerQueue();
  private droppedSeries = 0;
  private lastSweepAt = Number.NEGATIVE_INFINITY;

  constructor(options: EvaluatorOptions = {}) {
    this.maxSeriesPerRule = options.maxSeriesPerRule ?? DEFAULT_MAX_SERIES_PER_RULE;
  }

  /**
   * Replaces the rule set (disabled rules count as absent). Alerts of removed rules resolve with
   * rule_removed, of changed rules with rule_changed; unchanged rules keep their state. A changed
   * dynamic rule keeps its learned baselines when what they depend on did not change.
   */
  setRules(rules: ReadonlyArray<AlertRule>, nowMs: number): AlertTransition[] {
    const out: AlertTransition[] = [];
    const next = new Map<string, AlertRule>();
    for (const rule of rules) if (rule.enabled) next.set(rule.id, rule);
    const added: RuleRuntime[] = [];
    const keptBaselines = new Map<string, Map<SeriesEntry, DynamicBaseline>>();
    for (const [id, runtime] of [...this.rules]) {
      const rule = next.get(id);
      const signature = rule === undefined ? undefined : ruleSignature(rule);
      if (rule !== undefined && signature === runtime.signature) {
        runtime.rule = rule;
        continue;
      }
      if (
        rule !== undefined &&
        baselineKey(rule) !== undefined &&
        baselineKey(rule) === baselineKey(runtime.rule)
      ) {
        keptBaselines.set(id, baselinesOf(runtime));
      }
      this.dropRule(runtime, rule === undefined ? 'rule_removed' : 'rule_changed', nowMs, out);
    }
    for (const [id, rule] of next) {
      if (this.rules.has(id)) continue;
      const runtime = new RuleRuntime(rule, ruleSignature(rule));
      this.rules.set(id, runtime);
      added.push(runtime);
    }
    this.indexRules();
    if (added.length > 0) this.admitExisting(added, keptBaselines);
    for (const entry of this.entries) if (entry.members.length === 0) this.removeEntry(entry);
    return out;
  }

  /** Files one sample. NaN/Infinity values, samples not newer than the series' last one, and series no rule reads are ignored. */
  ingest(sample: Sample): void {
    const { value, timestamp } = sample;
    if (!Number.isFinite(value) || !Number.isFinite(timestamp)) return;
    const entry = this.entryOf(sample);
    if (entry === undefined || timestamp <= entry.lastTime) return;
    entry.lastTime = timestamp;
    entry.buffer.push(timestamp, value, entry.retentionMs);
    if (!entry.touched) {
      entry.touched = true;
      entry.firstNewTime = timestamp;
      this.touched.push(entry);
    }
  }

  /**
   * The series entry of a sample, or undefined when no rule reads it. A labels object seen twice
   * for a series is remembered (by identity, in a WeakMap), so producers that reuse one labels
   * object per series skip building the key; labels must not be changed after they are ingested.
   */
  private entryOf(sample: Sample): SeriesEntry | undefined {
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

  /** Runs the timers due at or before nowMs, then evaluates every series that got samples. */
  evaluate(nowMs: number): AlertTransition[] {
    const out: AlertTransition[] = [];
    for (let due = this.timers.popDue(nowMs); due !== undefined; due = this.timers.popDue(nowMs)) {
      (due.owner as AlertSeries).onTimer(due.kind, due.at, out);
    }
    const touched = this.touched;
    this.touched = [];
    for (const entry of touched) {
      for (const member of entry.members) member.evaluateAfterSamples(out);
      entry.touched = false;
    }
    if (nowMs - this.lastSweepAt >= SWEEP_INTERVAL_MS) {
      this.lastSweepAt = nowMs;
      this.forgetQuietSeries(nowMs);
    }
    return out;
  }

  /** The earliest time evaluate() has timer work (for, keepFiringFor, staleness, flap settling). */
  nextDueAt(): number | undefined {
    return this.timers.peek();
  }

  /** Dynamic rules: each series' band (empty for other rules and unknown ids). */
  band(ruleId: string): BandView[] {
    const runtime = this.rules.get(ruleId);
    if (runtime === undefined) return [];
    const views: BandView[] = [];
    for (const member of runtime.members) {
      if (member.baseline === undefined) continue;
      views.push({
        labels: { ...member.labels() },
        fingerprint: member.fingerprint(),
        ...member.baseline.view(member.series.lastTime),
      });
    }
    return views;
  }

  /** Pending and firing alerts, by rule then by series arrival. */
  activeAlerts(): ActiveAlertView[] {
    const views: ActiveAlertView[] = [];
    for (const runtime of this.rules.values()) {
      for (const member of runtime.members) {
        if (member.status === 'inactive') continue;
        views.push({
          ruleId: runtime.rule.id,
          ruleName: runtime.rule.name,
          fingerprint: member.fingerprint(),
          labels: { ...member.labels() },
          state: member.status,
          activeSince: member.activeSince!,
          firedAt: member.status === 'firing' ? member.firedAt : null,
          value: member.value,
          flapping: member.flapping,
        });
      }
    }
    return views;
  }

  stats(): EvaluatorStats {
    return { rules: this.rules.size, series: this.entries.size, droppedSeries: this.droppedSeries };
  }

  /** Everything needed to resume after a restart (rules as documents, samples, alerts, baselines, flap history). */
  exportState(): EvaluatorState {
    const index = new Map<SeriesEntry, number>();
    const series: SeriesState[] = [];
    for (const entry of this.entries) {
      index.set(entry, series.length);
      const state: SeriesState = {
        name: entry.name,
        labels: { ...entry.labels },
        ...entry.buffer.toArrays(),
        alerts: entry.members.map((member) => member.exportState()),
      };
      if (entry.touched) state.firstNewTime = entry.firstNewTime;
      series.push(state);
    }
    return {
      version: 1,
      rules: [...this.rules.values()].map(({ rule }) => ({ id: rule.id, document: rule.document })),
      series,
      touched: this.touched.map((entry) => index.get(entry)!),
      droppedSeries: this.droppedSeries,
    };
  }

  /** Replaces everything with an exported state (rules included); call setRules after to apply rule edits. */
  importState(state: EvaluatorState): void {
    if (state?.version !== 1 || !Array.isArray(state.rules) || !Array.isArray(state.series)) {
      throw new EvaluatorStateError('alert evaluator state is not a version 1 exportState() result');
    }
    this.rules.clear();
    this.byKey.clear();
    this.entries.clear();
    this.ignored.clear();
    this.byLabels = new WeakMap();
    this.timers.clear();
    this.touched = [];
    this.lastSweepAt = Number.NEGATIVE_INFINITY;
    for (const { id, document } of state.rules) {
      const rule = compileAlertRule(id, document);
      this.rules.set(id, new RuleRuntime(rule, ruleSignature(rule)));
    }
    this.indexRules();
    const entries = state.series.map((series) => this.importSeries(series));
    for (const index of state.touched) {
      const entry = entries[index];
      if (entry === undefined) throw new EvaluatorStateError(`touched series ${index} does not exist`);
      entry.touched = true;
      this.touched.push(entry);
    }
    this.droppedSeries = state.droppedSeries;
  }

  private importSeries(state: SeriesState): SeriesEntry {
    const entry = this.addEntry(canonicalSeriesKey(state.name, state.labels), state.name, {
      ...state.labels,
    });
    entry.buffer = SampleBuffer.fromArrays(state.times, state.values);
    entry.lastTime = entry.buffer.lastTime;
    if (state.firstNewTime !== undefined) entry.firstNewTime = state.firstNewTime;
    for (const alert of state.alerts) {
      const runtime = this.rules.get(alert.ruleId);
      if (runtime === undefined)
        throw new EvaluatorStateError(`state refers to unknown rule ${alert.ruleId}`);
      this.attach(runtime, entry).importState(alert);
    }
    entry.updateRetention();
    return entry;
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

  private addEntry(key: string, name: string, labels: Record<string, string>): SeriesEntry {
    const entry = new SeriesEntry(key, name, labels);
    this.byKey.set(key, entry);
    this.entries.add(entry);
    return entry;
  }

  private attach(runtime: RuleRuntime, entry: SeriesEntry): AlertSeries {
    const member = new AlertSeries(runtime, entry, this.timers);
    runtime.members.add(member);
    entry.members.push(member);
    return member;
  }

  /** Lets new (or changed) rules find the series already known. */
  private admitExisting(
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
  private dropRule(
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
      entry.updateRetention();
    }
    runtime.members.clear();
  }

  private removeEntry(entry: SeriesEntry): void {
    entry.removed = true;
    entry.lastLabels = undefined;
    this.entries.delete(entry);
    this.byKey.delete(entry.key);
    for (const alias of entry.aliases) this.byKey.delete(alias);
    if (entry.touched) {
      entry.touched = false;
      this.touched = this.touched.filter((other) => other !== entry);
    }
  }

  private indexRules(): void {
    const bySeries = new Map<string, RuleRuntime[]>();
    for (const runtime of this.rules.values()) {
      const name = runtime.rule.condition.series;
      const list = bySeries.get(name);
      if (list === undefined) bySeries.set(name, [runtime]);
      else list.push(runtime);
    }
    this.rulesBySeries = bySeries;
  }

  /** Forgets series whose every rule state is forgettable: memory stays bounded as series come and go. */
  private forgetQuietSeries(nowMs: number): void {
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
}

function baselinesOf(runtime: RuleRuntime): Map<SeriesEntry, DynamicBaseline> {
  const baselines = new Map<SeriesEntry, DynamicBaseline>();
  for (const member of runtime.members) if (member.baseline) baselines.set(member.series, member.baseline);
  return baselines;
}
