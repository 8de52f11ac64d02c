import type { FollowerHandler, LogFilter, RecordedEvent, StreamAppend } from '../../events/index.js';
import type { Logger } from '../../kernel/index.js';
import { parseDuration } from '../../kernel/index.js';
import { ContextKeeper, diagnose, MonitorRequests } from '../diagnose/index.js';
import { HealingEvents } from '../healing-events.js';
import { StepHistoryBook } from '../learn/step-history-book.js';
import { planSteps } from '../runbooks/plan-steps.js';
import { RunbookMatcher } from '../runbooks/runbook-matcher.js';
import { parseRunbook } from '../runbooks/runbook-schema.js';
import type { StoredRunbook } from '../runbooks/runbook-types.js';
import { logDecision } from './decision-log.js';
import { EVENT_TRIGGER_MAX_AGE_MS, eventSubject } from './event-trigger.js';
import {
  emptyBook,
  foldRemediationEvent,
  forgetSubject,
  type PlanRebuilder,
  type RemediationBook,
} from './remediation-fold.js';
import type {
  ActionRequestedData,
  FiringAlert,
  Remediation,
  RemediationPlannedData,
} from './remediation-state.js';
import { advanceRemediation, escalation, HEALING_ACTOR, remediationEvent } from './remediation-steps.js';

export { HEALING_ACTOR } from './remediation-steps.js';
export const RUNBOOK_EVENT_PREFIX = 'healing.runbook';

/**
 * What the remediation loop reads: every event. Alerts, its own events, runbooks and what
 * diagnosis looks at are most of them, and a runbook's event trigger may name any type.
 */
export const REMEDIATION_FILTER: LogFilter = {};

export interface RemediationSettings {
  /** Decide and record everything, act on nothing (every runbook). */
  dryRun: boolean;
}

interface RemediationLoopState {
  keeper: unknown;
  runbooks: Record<string, unknown>;
  alerts: FiringAlert[];
  diagnosed: string[];
  rediagnose?: Array<[string, number]>;
  remediations: Remediation[];
  started: Record<string, number[]>;
  actions: Array<{ request: ActionRequestedData; started: boolean }>;
  history?: unknown;
}

const HOUR_MS = 3_600_000;
/** How long an ended remediation (and its resolved alert) is remembered. */
const ENDED_KEPT_MS = HOUR_MS;

/**
 * Healing's decisions: diagnoses each firing alert, picks a runbook (for an alert, or for an
 * event its trigger matches), requests its steps one at a time (at most one remediation in
 * flight per target, within the runbook's budget), waits for approvals, verifies by waiting for
 * the alert to resolve, and escalates otherwise. Every decision is an event it reads back before
 * deciding anything else (so after a crash nothing is decided twice); actions are run by the
 * ActionRunner from `healing.action_requested`.
 */
export class RemediationLoop implements FollowerHandler {
  private keeper = new ContextKeeper();
  private runbookDocs = new Map<string, unknown>();
  private readonly matcher = new RunbookMatcher();
  private runbooksById = new Map<string, StoredRunbook>();
  private book: RemediationBook = emptyBook();
  /** Position of the last event folded in: a diagnosis records it, so a replay knows what it had seen. */
  private lastPosition = 0;
  private resumeActions = true;
  /**
   * Actions found started and unfinished after a restart: never run again, they wait for the alert
   * to resolve (taken as done) until the verification time is up (outcome unknown).
   */
  private interrupted = new Map<string, { request: ActionRequestedData; until: number }>();
  /** How often each step healed, per rule: alternatives are tried best first. */
  private history = new StepHistoryBook();

  constructor(
    private readonly settings: RemediationSettings,
    private readonly runner: {
      run(requests: ReadonlyArray<ActionRequestedData>): void;
      settleInterrupted(request: ActionRequestedData, alertResolved: boolean): void;
    },
    private readonly logger: Logger,
  ) {}

  /** The remediation of an alert occurrence (or triggering event), if one was planned. */
  remediationOf(alertId: string): Remediation | undefined {
    return this.book.remediations.get(alertId);
  }

  restore(state: unknown): void {
    const saved = state as RemediationLoopState | undefined;
    this.keeper = new ContextKeeper();
    if (saved) this.keeper.importState(saved.keeper);
    this.runbookDocs = new Map(Object.entries(saved?.runbooks ?? {}));
    this.refreshRunbooks();
    this.book = {
      alerts: new Map((saved?.alerts ?? []).map((a) => [a.alertId, a])),
      diagnosed: new Set(saved?.diagnosed ?? []),
      rediagnose: new Map(saved?.rediagnose ?? []),
      remediations: new Map((saved?.remediations ?? []).map((r) => [r.alertId, r])),
      started: new Map(Object.entries(saved?.started ?? {})),
      actions: new Map((saved?.actions ?? []).map((a) => [a.request.actionId, a])),
    };
    this.history = new StepHistoryBook();
    this.history.importState(saved?.history);
    this.interrupted = new Map();
    this.resumeActions = true;
  }

  snapshot(): RemediationLoopState {
    return {
      keeper: this.keeper.exportState(),
      runbooks: Object.fromEntries(this.runbookDocs),
      alerts: [...this.book.alerts.values()],
      diagnosed: [...this.book.diagnosed],
      rediagnose: [...this.book.rediagnose],
      remediations: [...this.book.remediations.values()],
      started: Object.fromEntries(this.book.started),
      actions: [...this.book.actions.values()],
      history: this.history.exportState(),
    };
  }

  apply(events: ReadonlyArray<RecordedEvent>): StreamAppend[] {
    for (const event of events) {
      this.lastPosition = event.position;
      this.keeper.apply(event);
      if (event.type.startsWith(`${RUNBOOK_EVENT_PREFIX}_`)) {
        const { id, doc } = event.data as { id: string; doc?: unknown };
        if (event.type.endsWith('_deleted')) this.runbookDocs.delete(id);
        else this.runbookDocs.set(id, doc);
        // At once: a plan later in the same page names this runbook.
        this.refreshRunbooks();
      } else if (event.type.startsWith('healing.')) {
        foldRemediationEvent(this.book, event, this.rebuild);
        this.history.apply(event);
      } else {
        if (event.type.startsWith('alerts.alert_')) foldRemediationEvent(this.book, event, this.rebuild);
        if (!this.book.alerts.has(event.id) && this.matcher.forEvent(event.type).length > 0)
          this.book.alerts.set(event.id, eventSubject(event));
      }
    }
    return [];
  }

  act(nowMs: number): StreamAppend[] {
    const appends: StreamAppend[] = [];
    if (this.resumeActions) {
      // After a restart: actions requested and not started run now; started ones are never run twice.
      this.resumeActions = false;
      for (const { request, started } of this.book.actions.values()) {
        if (!started) this.runner.run([request]);
        else {
          const within = this.book.remediations.get(request.alertId)?.verifyWithinMs ?? 0;
          this.interrupted.set(request.actionId, { request, until: nowMs + within });
        }
      }
    }
    this.settleInterrupted(nowMs);
    this.forgetEnded(nowMs);
    for (const alert of this.book.alerts.values()) {
      if (alert.trigger !== 'alert' || alert.resolved) continue;
      if (this.book.diagnosed.has(alert.alertId) && !this.book.rediagnose.has(alert.alertId)) continue;
      appends.push(this.diagnosis(alert, nowMs));
      this.book.diagnosed.add(alert.alertId);
      this.book.rediagnose.delete(alert.alertId);
    }
    for (const subject of this.book.alerts.values()) {
      if (this.book.remediations.has(subject.alertId) || subject.resolved) continue;
      if (subject.trigger === 'alert' && (subject.inhibited || !this.book.diagnosed.has(subject.alertId)))
        continue;
      appends.push(...this.plan(subject, nowMs));
    }
    for (const remediation of this.book.remediations.values()) {
      const wasVerifying = remediation.status === 'verifying';
      const alert = this.book.alerts.get(remediation.alertId);
      appends.push(...advanceRemediation(remediation, alert, nowMs));
      if (!wasVerifying && remediation.status === 'verifying')
        appends.push(...this.recheck(remediation, alert));
    }
    return appends;
  }

  /**
   * Asks for a check of the alert's monitors now (the monitor module's "check now"), so that
   * verification sees the effect of the steps at once rather than at the next scheduled check.
   */
  private recheck(r: Remediation, alert: FiringAlert | undefined): StreamAppend[] {
    if (r.dryRun || !alert) return [];
    const ids = new Set(alert.labels.service ? this.keeper.monitorIdsOf(alert.labels.service) : []);
    if (alert.labels.monitor_id) ids.add(alert.labels.monitor_id);
    return [...ids].map((monitorId) => ({
      streamId: MonitorRequests.stream(monitorId),
      events: [
        {
          type: MonitorRequests.checkRequested,
          data: { monitorId },
          metadata: { actor: HEALING_ACTOR, correlationId: r.correlationId },
        },
      ],
    }));
  }

  committed(appends: ReadonlyArray<StreamAppend>): void {
    const requests: ActionRequestedData[] = [];
    for (const append of appends) {
      for (const event of append.events) {
        if (event.type === HealingEvents.actionRequested) requests.push(event.data as ActionRequestedData);
        else logDecision(this.logger, event);
      }
    }
    if (requests.length > 0) this.runner.run(requests);
  }

  nextDueAt(): number | undefined {
    let next: number | undefined;
    const consider = (t: number | undefined) => {
      if (t !== undefined && (next === undefined || t < next)) next = t;
    };
    for (const r of this.book.remediations.values()) {
      if (r.status === 'awaiting_approval') consider(r.approvalExpiresAt);
      if (r.status === 'verifying') consider(r.verifyUntil);
      if (r.endedAt !== undefined) consider(r.endedAt + ENDED_KEPT_MS);
    }
    for (const { until } of this.interrupted.values()) consider(until);
    for (const a of this.book.alerts.values()) {
      const undiagnosed = !this.book.diagnosed.has(a.alertId) || this.book.rediagnose.has(a.alertId);
      if (a.trigger === 'alert' && !a.resolved && undiagnosed) consider(0);
    }
    return next;
  }

  /** A plan (or an escalation without one) read back from the log: the remediation as decided. */
  private readonly rebuild: PlanRebuilder = (data, at, status) => {
    const alert = this.book.alerts.get(data.alertId);
    const runbook = data.runbookId ? this.runbooksById.get(data.runbookId) : undefined;
    if (!alert || !runbook) return;
    const steps = (data.steps ?? [])
      .map((name) => runbook.steps.find((s) => s.name === name))
      .filter((s): s is StoredRunbook['steps'][number] => s !== undefined);
    const remediation = this.remediationFor(alert, runbook, data.target ?? '', steps, at, status);
    if (status === 'escalated') remediation.endedAt = at;
    this.book.remediations.set(data.alertId, remediation);
  };

  private diagnosis(alert: FiringAlert, nowMs: number): StreamAppend {
    const subject = {
      alertId: alert.alertId,
      labels: alert.labels,
      firedAt: alert.firedAt,
      ruleName: alert.ruleName,
    };
    const data = diagnose(subject, this.keeper.contextFor(subject, nowMs));
    // What the log held when deciding: a diagnosis made before news (an inhibition) reads as such on replay.
    return remediationEvent(alert, HealingEvents.diagnosed, {
      ...data,
      considered: { ...data.considered, logPosition: this.lastPosition },
    });
  }

  private plan(subject: FiringAlert, nowMs: number): StreamAppend[] {
    const runbook =
      subject.trigger === 'alert'
        ? this.matcher.forAlert({
            labels: subject.labels,
            severity: subject.labels.severity ?? '',
            ruleName: subject.ruleName,
          })[0]
        : this.matcher.forEvent(subject.ruleName)[0];
    if (!runbook || (subject.trigger === 'event' && nowMs - subject.firedAt > EVENT_TRIGGER_MAX_AGE_MS)) {
      // An alert no runbook covers stays known (for its resolve); an event nothing acts on is dropped.
      if (subject.trigger === 'event') forgetSubject(this.book, subject.alertId);
      return [];
    }
    const target = subject.labels[runbook.budget.per] ?? subject.alertId;
    if ([...this.book.remediations.values()].some((r) => r.target === target && isActive(r))) return [];
    const recent = (this.book.started.get(target) ?? []).filter((t) => t > nowMs - HOUR_MS);
    this.book.started.set(target, recent);
    if (recent.length >= runbook.budget.maxActionsPerHour) {
      const remediation = this.remediationFor(subject, runbook, target, [], nowMs, 'escalated');
      this.book.remediations.set(subject.alertId, remediation);
      const reason = `budget spent: ${recent.length} actions on ${target} in the last hour (at most ${runbook.budget.maxActionsPerHour})`;
      return escalation(remediation, subject, reason, nowMs);
    }
    const diagnosis =
      subject.trigger === 'alert'
        ? diagnose(subject, this.keeper.contextFor(subject, nowMs))
        : { causes: [] as const };
    const steps = planSteps(runbook, diagnosis, this.history.historyFor(subject.ruleName));
    const remediation = this.remediationFor(subject, runbook, target, steps, nowMs, 'planned');
    this.book.remediations.set(subject.alertId, remediation);
    const data: RemediationPlannedData = {
      alertId: subject.alertId,
      ruleName: subject.ruleName,
      runbookId: runbook.id,
      runbookName: runbook.name,
      target,
      steps: steps.map((s) => s.name),
      dryRun: remediation.dryRun,
    };
    return [remediationEvent(remediation, HealingEvents.remediationPlanned, data)];
  }

  /** Interrupted actions whose alert resolved (done), or whose time is up (unknown); an event's at once. */
  private settleInterrupted(nowMs: number): void {
    for (const [actionId, { request, until }] of this.interrupted) {
      const subject = this.book.alerts.get(request.alertId);
      const resolved = subject === undefined || subject.resolved;
      if (!resolved && subject.trigger === 'alert' && nowMs < until) continue;
      this.interrupted.delete(actionId);
      this.runner.settleInterrupted(request, resolved);
    }
  }

  /** Forgets remediations ended a while ago whose alert has resolved (or that an event started). */
  private forgetEnded(nowMs: number): void {
    for (const [id, r] of this.book.remediations) {
      if (r.endedAt === undefined || nowMs - r.endedAt < ENDED_KEPT_MS) continue;
      const subject = this.book.alerts.get(id);
      if (subject?.trigger === 'alert' && !subject.resolved) continue;
      this.book.remediations.delete(id);
      forgetSubject(this.book, id);
    }
    for (const [target, times] of this.book.started) {
      if (times.every((t) => t <= nowMs - HOUR_MS)) this.book.started.delete(target);
    }
  }

  private remediationFor(
    subject: FiringAlert,
    runbook: StoredRunbook,
    target: string,
    steps: Remediation['steps'],
    nowMs: number,
    status: Remediation['status'],
  ): Remediation {
    return {
      alertId: subject.alertId,
      trigger: subject.trigger,
      correlationId: subject.correlationId,
      target,
      runbookId: runbook.id,
      runbookName: runbook.name,
      dryRun: this.settings.dryRun || runbook.dryRun,
      steps,
      stepIndex: 0,
      status,
      verifyWithinMs: parseDuration(runbook.verify.within) ?? 120_000,
      onFailure: runbook.onFailure,
      startedAt: nowMs,
    };
  }

  private refreshRunbooks(): void {
    const runbooks: StoredRunbook[] = [];
    for (const [id, doc] of this.runbookDocs) {
      const parsed = parseRunbook(withoutServerFields(doc));
      if (parsed.ok) runbooks.push({ id, ...parsed.value });
      else this.logger.warn({ runbookId: id, errors: parsed.errors }, 'runbook ignored: invalid document');
    }
    this.matcher.set(runbooks);
    this.runbooksById = new Map(runbooks.map((r) => [r.id, r]));
  }
}

function isActive(r: Remediation): boolean {
  return (
    r.status === 'planned' ||
    r.status === 'acting' ||
    r.status === 'awaiting_approval' ||
    r.status === 'verifying' ||
    r.status === 'escalating'
  );
}

/** The document without the fields the server adds (`managedBy` on runbooks from vigia.yaml). */
function withoutServerFields(doc: unknown): unknown {
  if (typeof doc !== 'object' || doc === null || !('managedBy' in doc)) return doc;
  const { managedBy: _owner, ...body } = doc as Record<string, unknown>;
  return body;
}
