import type { ResolveReason } from '../alert-events.js';
import type { AlertRule } from '../definition/rule-compile.js';
import type { Comparison } from '../definition/rule-condition.js';
import { labelsFingerprint } from '../fingerprint.js';
import { DynamicBaseline } from './baseline.js';
import { checkCondition, compare } from './condition-check.js';
import type { AlertSeriesState, AlertTransition, TransitionType } from './evaluator-types.js';
import type { SeriesEntry } from './series-entry.js';
import { TimerKind, type TimerOwner, type TimerQueue } from './timer-queue.js';

const TIMER_KINDS: ReadonlyArray<TimerKind> = [TimerKind.state, TimerKind.stale, TimerKind.settle];

/** One rule as the evaluator holds it, with the series it evaluates (in arrival order). */
export class RuleRuntime {
  readonly members = new Set<AlertSeries>();

  constructor(
    public rule: AlertRule,
    readonly signature: string,
  ) {}
}

/**
 * One rule on one series: the alert's lifecycle (inactive → pending → firing → resolved),
 * its flap history, its timers and, for dynamic rules, its learned baseline.
 */
export class AlertSeries implements TimerOwner {
  readonly orderKey: string;
  readonly due: Array<number | undefined> = [undefined, undefined, undefined];
  readonly queuedAt: Array<number | undefined> = [undefined, undefined, undefined];
  removed = false;

  status: 'inactive' | 'pending' | 'firing' = 'inactive';
  value: number | null = null;
  threshold: number | null = null;
  activeSince: number | null = null;
  firedAt: number | null = null;
  clearedAt: number | null = null;
  lastSeen: number | null = null;
  changes: number[] = [];
  flapping = false;
  lastChangeAt: number | null = null;
  baseline: DynamicBaseline | undefined;
  private labelsCache: Record<string, string> | undefined;
  private fingerprintCache: string | undefined;

  constructor(
    readonly runtime: RuleRuntime,
    readonly series: SeriesEntry<AlertSeries>,
    private readonly timers: TimerQueue,
  ) {
    this.orderKey = `${runtime.rule.id}\u0002${series.key}`;
    const { condition } = runtime.rule;
    if (condition.kind === 'dynamic') this.baseline = new DynamicBaseline(condition.baseline);
  }

  get rule(): AlertRule {
    return this.runtime.rule;
  }

  get condition(): AlertRule['condition'] {
    return this.runtime.rule.condition;
  }

  /** See SeriesMember.quietThreshold. */
  quietThreshold(): { op: Comparison; threshold: number } | undefined {
    const condition = this.runtime.rule.condition;
    if (this.status !== 'inactive' || this.flapping || condition.kind === 'dynamic') return undefined;
    return condition.aggregate === 'last' ? condition : undefined;
  }

  get active(): boolean {
    return this.status !== 'inactive';
  }

  /** The alert's labels: series labels, then the rule's labels, then alertname and severity. */
  labels(): Record<string, string> {
    if (this.labelsCache === undefined) {
      const rule = this.rule;
      this.labelsCache = {
        ...this.series.labels,
        ...rule.labels,
        alertname: rule.name,
        severity: rule.severity,
      };
    }
    return this.labelsCache;
  }

  fingerprint(): string {
    this.fingerprintCache ??= labelsFingerprint(this.labels());
    return this.fingerprintCache;
  }

  /**
   * Evaluates the condition at one sample of the series (time t, value). Samples are evaluated
   * one by one in time order, each after the timers due before it, so the outcome never depends
   * on how samples were batched between evaluate() calls.
   */
  evaluateSample(t: number, value: number, out: AlertTransition[]): void {
    const due = this.due;
    if (due[0] !== undefined || due[1] !== undefined || due[2] !== undefined) this.runTimersBefore(t, out);
    const condition = this.runtime.rule.condition;
    this.lastSeen = t;
    if (condition.kind !== 'dynamic' && condition.aggregate === 'last') {
      // The hot path: a threshold on the sample's value, no window to aggregate.
      this.value = value;
      this.threshold = condition.threshold;
      this.apply(compare(value, condition.op, condition.threshold), t, out);
    } else {
      const result = checkCondition(condition, this.series.buffer, this.baseline, t, true);
      if (result.holds !== undefined) {
        this.value = result.value;
        this.threshold = result.threshold;
        this.apply(result.holds, t, out);
      }
    }
    // The common case, an inactive alert with no timer, has nothing to schedule.
    if (this.status !== 'inactive' || this.flapping || due[0] !== undefined || due[1] !== undefined) {
      this.syncTimers();
    } else if (due[2] !== undefined) this.syncTimers();
  }

  /** Runs this alert's timers due before t, earliest first (a timer due exactly at t yields to the sample). */
  private runTimersBefore(t: number, out: AlertTransition[]): void {
    for (;;) {
      let kind: TimerKind | undefined;
      let at = t;
      for (const candidate of TIMER_KINDS) {
        const due = this.due[candidate];
        if (due !== undefined && due < at) {
          kind = candidate;
          at = due;
        }
      }
      if (kind === undefined) return;
      // The queue entry, if any, is dropped when it surfaces (its owner no longer wants it then).
      this.due[kind] = undefined;
      this.onTimer(kind, at, out);
    }
  }

  /** Runs a due timer. A timer re-checks the condition as of its due time, on the samples up to then. */
  onTimer(kind: TimerKind, at: number, out: AlertTransition[]): void {
    if (kind === TimerKind.stale) {
      // Not stale when a sample came after the last one evaluated and by the due time: evaluating
      // it pushes the timer back (re-arming the timer here would make it due again at once).
      if (this.hasSampleAfterLastSeen(at)) return;
      if (this.active) this.resolve(at, 'series_stale', out);
    } else if (kind === TimerKind.settle) {
      if (this.flapping && this.lastChangeAt !== null && this.lastChangeAt + this.rule.flap.settleMs <= at) {
        this.flapping = false;
        this.changes = [];
        out.push(this.transition('flap_settled', at));
      }
    } else if (this.active) {
      const result = checkCondition(this.condition, this.series.buffer, this.baseline, at, false);
      if (result.value !== null) {
        this.value = result.value;
        this.threshold = result.threshold;
      }
      if (this.status === 'pending') {
        if (result.holds === false) this.resolve(at, 'condition_cleared', out);
        else this.fire(at, out);
      } else if (result.holds === true) this.clearedAt = null;
      else this.resolve(at, 'condition_cleared', out);
    }
    this.syncTimers();
  }

  private hasSampleAfterLastSeen(until: number): boolean {
    const buffer = this.series.buffer;
    const next = buffer.firstIndexAfter(this.lastSeen ?? Number.NEGATIVE_INFINITY);
    return next < buffer.size && buffer.timeAt(next) <= until;
  }

  /** Resolves an active alert because its rule changed or went away; the series is dropped after. */
  resolveForRule(reason: ResolveReason, at: number, out: AlertTransition[]): void {
    if (this.active) {
      const wasFiring = this.status === 'firing';
      this.status = 'inactive';
      out.push(this.transition('resolved', at, { wasFiring, reason }));
    }
    this.removed = true;
  }

  /** True when dropping this state changes nothing: inactive, not flapping, stale, nothing learned. */
  forgettable(nowMs: number): boolean {
    if (this.active || this.flapping || this.series.touched) return false;
    const lastChange = this.changes[this.changes.length - 1];
    if (lastChange !== undefined && lastChange > nowMs - this.rule.flap.windowMs) return false;
    if (this.series.lastTime > nowMs - this.condition.staleMs) return false;
    return this.baseline === undefined || this.baseline.forgottenAt(nowMs);
  }

  private apply(holds: boolean, at: number, out: AlertTransition[]): void {
    const rule = this.rule;
    if (this.status === 'inactive') {
      if (!holds) return;
      this.status = 'pending';
      this.activeSince = at;
      this.firedAt = null;
      this.clearedAt = null;
      out.push(this.transition('pending', at));
      if (rule.forMs === 0) this.fire(at, out);
      this.recordChange(at, out);
    } else if (this.status === 'pending') {
      if (!holds) this.resolve(at, 'condition_cleared', out);
      else if (at - this.activeSince! >= rule.forMs) this.fire(at, out);
    } else if (holds) {
      this.clearedAt = null;
    } else {
      this.clearedAt ??= at;
      if (at - this.clearedAt >= rule.keepFiringForMs) this.resolve(at, 'condition_cleared', out);
    }
  }

  private fire(at: number, out: AlertTransition[]): void {
    this.status = 'firing';
    this.firedAt = at;
    this.clearedAt = null;
    out.push(this.transition('fired', at));
  }

  private resolve(at: number, reason: ResolveReason, out: AlertTransition[]): void {
    const wasFiring = this.status === 'firing';
    this.status = 'inactive';
    this.clearedAt = null;
    out.push(this.transition('resolved', at, { wasFiring, reason }));
    this.recordChange(at, out);
  }

  /** Counts an inactive↔active change; too many in the flap window makes the alert flap (once). */
  private recordChange(at: number, out: AlertTransition[]): void {
    const flap = this.rule.flap;
    if (!flap.enabled) return;
    const changes = this.changes;
    changes.push(at);
    let drop = 0;
    while (drop < changes.length && changes[drop]! <= at - flap.windowMs) drop++;
    // More than maxChanges + 1 entries never changes the outcome: keep the list bounded.
    drop = Math.max(drop, changes.length - (flap.maxChanges + 1));
    if (drop > 0) changes.splice(0, drop);
    this.lastChangeAt = at;
    if (!this.flapping && changes.length > flap.maxChanges) {
      this.flapping = true;
      out.push(this.transition('flapping', at, { changes: changes.length }));
    }
  }

  /** Brings the three timers in line with the state (also after importState). */
  syncTimers(): void {
    const rule = this.rule;
    let stateDue: number | undefined;
    if (this.status === 'pending') stateDue = this.activeSince! + rule.forMs;
    else if (this.status === 'firing' && this.clearedAt !== null)
      stateDue = this.clearedAt + rule.keepFiringForMs;
    this.timers.schedule(this, TimerKind.state, stateDue);
    const staleDue =
      this.active && this.lastSeen !== null ? this.lastSeen + rule.condition.staleMs : undefined;
    this.timers.schedule(this, TimerKind.stale, staleDue);
    const settleDue =
      this.flapping && this.lastChangeAt !== null ? this.lastChangeAt + rule.flap.settleMs : undefined;
    this.timers.schedule(this, TimerKind.settle, settleDue);
  }

  private transition(
    type: TransitionType,
    at: number,
    extra?: Pick<AlertTransition, 'wasFiring' | 'reason' | 'changes'>,
  ): AlertTransition {
    const rule = this.rule;
    const labels = { ...this.labels() };
    const annotations: Record<string, string> = {};
    const context = { value: this.value, threshold: this.threshold, labels };
    for (const name in rule.annotations) annotations[name] = rule.annotations[name]!.render(context);
    return {
      type,
      rule,
      fingerprint: this.fingerprint(),
      labels,
      value: this.value,
      activeSince: this.activeSince ?? at,
      at,
      ...extra,
      annotations,
    };
  }

  exportState(): AlertSeriesState {
    const state: AlertSeriesState = {
      ruleId: this.rule.id,
      status: this.status,
      value: this.value,
      threshold: this.threshold,
      activeSince: this.activeSince,
      firedAt: this.firedAt,
      clearedAt: this.clearedAt,
      lastSeen: this.lastSeen,
      flap: { changes: [...this.changes], flapping: this.flapping, lastChangeAt: this.lastChangeAt },
    };
    if (this.baseline !== undefined) state.baseline = this.baseline.exportState();
    return state;
  }

  importState(state: AlertSeriesState): void {
    this.status = state.status;
    this.value = state.value;
    this.threshold = state.threshold;
    this.activeSince = state.activeSince;
    this.firedAt = state.firedAt;
    this.clearedAt = state.clearedAt;
    this.lastSeen = state.lastSeen;
    this.changes = [...state.flap.changes];
    this.flapping = state.flap.flapping;
    this.lastChangeAt = state.flap.lastChangeAt;
    const { condition } = this.rule;
    if (condition.kind === 'dynamic' && state.baseline !== undefined) {
      this.baseline = DynamicBaseline.fromState(condition.baseline, state.baseline);
    }
    this.syncTimers();
  }
}
