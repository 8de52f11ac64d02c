import { VigiaError } from '../../kernel/index.js';
import { type AlertRule, baselineKey, compileAlertRule, ruleSignature } from '../definition/rule-compile.js';
import { type AlertSeries, RuleRuntime } from './alert-series.js';
import type { DynamicBaseline } from './baseline.js';
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
import { canonicalSeriesKey } from './series-entry.js';
import { type SeriesEntry, SeriesRegistry } from './series-registry.js';
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
 * give the same transitions however they are batched between evaluate() calls. ingest() only
 * files a sample (a map lookup and a ring-buffer push); evaluate() judges the new samples and runs
 * the timers that are due.
 */
export class AlertEvaluator {
  private readonly timers = new TimerQueue();
  private readonly registry: SeriesRegistry;
  /** Series with samples evaluate() has not seen, in arrival order. */
  private touched: SeriesEntry[] = [];
  private lastSweepAt = Number.NEGATIVE_INFINITY;

  constructor(options: EvaluatorOptions = {}) {
    this.registry = new SeriesRegistry(options.maxSeriesPerRule ?? DEFAULT_MAX_SERIES_PER_RULE, this.timers);
  }

  /**
   * Replaces the rule set (disabled rules count as absent). Alerts of removed rules resolve with
   * rule_removed, of changed rules with rule_changed; unchanged rules keep their state. A changed
   * dynamic rule keeps its learned baselines when what they depend on did not change.
   */
  setRules(rules: ReadonlyArray<AlertRule>, nowMs: number): AlertTransition[] {
    const registry = this.registry;
    const out: AlertTransition[] = [];
    const next = new Map<string, AlertRule>();
    for (const rule of rules) if (rule.enabled) next.set(rule.id, rule);
    const keptBaselines = new Map<string, Map<SeriesEntry, DynamicBaseline>>();
    for (const [id, runtime] of [...registry.rules]) {
      const rule = next.get(id);
      if (rule !== undefined && ruleSignature(rule) === runtime.signature) {
        runtime.rule = rule;
        continue;
      }
      const key = rule === undefined ? undefined : baselineKey(rule);
      if (key !== undefined && key === baselineKey(runtime.rule)) keptBaselines.set(id, baselinesOf(runtime));
      registry.dropRule(runtime, rule === undefined ? 'rule_removed' : 'rule_changed', nowMs, out);
    }
    const added: RuleRuntime[] = [];
    for (const [id, rule] of next) {
      if (registry.rules.has(id)) continue;
      const runtime = new RuleRuntime(rule, ruleSignature(rule));
      registry.rules.set(id, runtime);
      added.push(runtime);
    }
    registry.indexRules();
    if (added.length > 0) registry.admitExisting(added, keptBaselines);
    for (const entry of registry.entries) if (entry.members.length === 0) registry.removeEntry(entry);
    return out;
  }

  /**
   * Files one sample: NaN/Infinity values, samples not newer than the series' last one and series
   * no rule reads are ignored. Do not change a sample's labels object after ingesting it.
   */
  ingest(sample: Sample): void {
    const { value, timestamp } = sample;
    if (!Number.isFinite(value) || !Number.isFinite(timestamp)) return;
    const entry = this.registry.entryOf(sample);
    if (entry === undefined || timestamp <= entry.lastTime) return;
    entry.lastTime = timestamp;
    // Samples not evaluated yet stay, with the window before them. The buffer drops samples at or
    // before the horizon, so the first unevaluated one needs the horizon below it (a rule with no
    // window has retention 0): losing it would start the alert later, and so change its id.
    const horizon = entry.touched
      ? Math.min(entry.firstNewTime - entry.retentionMs, entry.firstNewTime - 1)
      : timestamp - entry.retentionMs;
    entry.buffer.push(timestamp, value, horizon);
    if (!entry.touched) {
      // Nothing can change for a quiet series until a sample crosses one of its thresholds.
      if (entry.quiet && !entry.wakes(value)) return;
      entry.touched = true;
      entry.firstNewTime = timestamp;
      this.touched.push(entry);
    }
  }

  /**
   * Evaluates every sample that arrived since the last call, series by series in time order, then
   * runs the timers due at or before nowMs.
   */
  evaluate(nowMs: number): AlertTransition[] {
    const out: AlertTransition[] = [];
    const touched = this.touched;
    this.touched = [];
    for (const entry of touched) {
      entry.touched = false;
      if (entry.removed) continue;
      const { buffer, members } = entry;
      // Unevaluated samples are kept in the buffer (see ingest) from firstNewTime on.
      for (let i = Math.max(0, buffer.lastIndexAtOrBefore(entry.firstNewTime)); i < buffer.size; i++) {
        const time = buffer.timeAt(i);
        const value = buffer.valueAt(i);
        for (const member of members) member.evaluateSample(time, value, out);
      }
      entry.updateQuiet();
    }
    for (let due = this.timers.popDue(nowMs); due !== undefined; due = this.timers.popDue(nowMs)) {
      (due.owner as AlertSeries).onTimer(due.kind, due.at, out);
    }
    if (nowMs - this.lastSweepAt >= SWEEP_INTERVAL_MS) {
      this.lastSweepAt = nowMs;
      this.registry.forgetQuietSeries(nowMs);
    }
    return out;
  }

  /**
   * The earliest time evaluate() has timer work (for, keepFiringFor, staleness, flap settling).
   * With very many alerts whose timers moved since, it may be earlier than that (never later).
   */
  nextDueAt(): number | undefined {
    return this.timers.peek();
  }

  /** Dynamic rules: each series' band (empty for other rules and unknown ids). */
  band(ruleId: string): BandView[] {
    const runtime = this.registry.rules.get(ruleId);
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
    for (const runtime of this.registry.rules.values()) {
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
    const { rules, entries, droppedSeries } = this.registry;
    return { rules: rules.size, series: entries.size, droppedSeries };
  }

  /** Everything needed to resume after a restart: rules (as documents), samples, alerts, baselines, flap history. */
  exportState(): EvaluatorState {
    const index = new Map<SeriesEntry, number>();
    const series: SeriesState[] = [];
    for (const entry of this.registry.entries) {
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
      rules: [...this.registry.rules.values()].map(({ rule }) => ({ id: rule.id, document: rule.document })),
      series,
      touched: this.touched.filter((entry) => !entry.removed).map((entry) => index.get(entry)!),
      droppedSeries: this.registry.droppedSeries,
    };
  }

  /** Replaces everything with an exported state (its rules included); call setRules after it to apply rule edits. */
  importState(state: EvaluatorState): void {
    if (state?.version !== 1 || !Array.isArray(state.rules) || !Array.isArray(state.series)) {
      throw new EvaluatorStateError('alert evaluator state is not a version 1 exportState() result');
    }
    const registry = this.registry;
    registry.clear();
    this.timers.clear();
    this.touched = [];
    this.lastSweepAt = Number.NEGATIVE_INFINITY;
    for (const { id, document } of state.rules) {
      const rule = compileAlertRule(id, document);
      registry.rules.set(id, new RuleRuntime(rule, ruleSignature(rule)));
    }
    registry.indexRules();
    const entries = state.series.map((series) => this.importSeries(series));
    for (const index of state.touched) {
      const entry = entries[index];
      if (entry === undefined) throw new EvaluatorStateError(`touched series ${index} does not exist`);
      entry.touched = true;
      this.touched.push(entry);
    }
    registry.droppedSeries = state.droppedSeries;
  }

  private importSeries(state: SeriesState): SeriesEntry {
    const key = canonicalSeriesKey(state.name, state.labels);
    const entry = this.registry.addEntry(key, state.name, { ...state.labels });
    entry.buffer = SampleBuffer.fromArrays(state.times, state.values);
    entry.lastTime = entry.buffer.lastTime;
    if (state.firstNewTime !== undefined) entry.firstNewTime = state.firstNewTime;
    for (const alert of state.alerts) {
      const runtime = this.registry.rules.get(alert.ruleId);
      if (runtime === undefined)
        throw new EvaluatorStateError(`state refers to unknown rule ${alert.ruleId}`);
      this.registry.attach(runtime, entry).importState(alert);
    }
    entry.updateRetention();
    return entry;
  }
}

function baselinesOf(runtime: RuleRuntime): Map<SeriesEntry, DynamicBaseline> {
  const baselines = new Map<SeriesEntry, DynamicBaseline>();
  for (const member of runtime.members) if (member.baseline) baselines.set(member.series, member.baseline);
  return baselines;
}
