import type { FollowerHandler, LogFilter, RecordedEvent, StreamAppend } from '../../events/index.js';
import type { Logger } from '../../kernel/index.js';
import { parseDuration } from '../../kernel/index.js';
import { ContextKeeper, diagnose, MonitorRequests } from '../diagnose/index.js';
import { HealingEvents, type HealingNotificationData } from '../healing-events.js';
import { StepHistoryBook } from '../learn/step-history-book.js';
import { planSteps } from '../runbooks/plan-steps.js';
import { RunbookMatcher } from '../runbooks/runbook-matcher.js';
import { parseRunbook } from '../runbooks/runbook-schema.js';
import type { StoredRunbook } from '../runbooks/runbook-types.js';
import { EVENT_TRIGGER_MAX_AGE_MS, eventSubject } from './event-trigger.js';
import type {
  ActionRequestedData,
  FiringAlert,
  Remediation,
  RemediationEndedData,
  RemediationPlannedData,
} from './remediation-state.js';
import {
  advanceRemediation,
  escalation,
  HEALING_ACTOR,
  remediationEvent,
  retryAlternative,
  stepFailed,
  stepSucceeded,
} from './remediation-steps.js';

export { HEALING_ACTOR } from './remediation-steps.js';
export const RUNBOOK_EVENT_PREFIX = 'healing.runbook';

const ALERT_FIRED = 'alerts.alert_fired';
const ALERT_RESOLVED = 'alerts.alert_resolved';
const ALERT_INHIBITED = 'alerts.alert_inhibited';
const ALERT_UNINHIBITED = 'alerts.alert_uninhibited';

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
  /** What remediations are for: firing alerts, and events that matched a runbook's trigger. */
  private alerts = new Map<string, FiringAlert>();
  private diagnosed = new Set<string>();
  /** Diagnosed alerts that learned something since (inhibited by a dependency): diagnosed again. */
  private rediagnose = new Map<string, number>();
  /** Position of the last event folded in: a diagnosis records it, so a replay knows what it had seen. */
  private lastPosition = 0;
  private remediations = new Map<string, Remediation>();
  /** Action start times per target, for the hourly budget. */
  private started = new Map<string, number[]>();
  /** Requested actions without an outcome yet, and whether they had started. */
  private actions = new Map<string, { request: ActionRequestedData; started: boolean }>();
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
    return this.remediations.get(alertId);
  }

  restore(state: unknown): void {
    const saved = state as RemediationLoopState | undefined;
    this.keeper = new ContextKeeper();
    if (saved) this.keeper.importState(saved.keeper);
    this.runbookDocs = new Map(Object.entries(saved?.runbooks ?? {}));
    this.refreshRunbooks();
    this.alerts = new Map((saved?.alerts ?? []).map((a) => [a.alertId, a]));
    this.diagnosed = new Set(saved?.diagnosed ?? []);
    this.rediagnose = new Map(saved?.rediagnose ?? []);
    this.remediations = new Map((saved?.remediations ?? []).map((r) => [r.alertId, r]));
    this.started = new Map(Object.entries(saved?.started ?? {}));
    this.actions = new Map((saved?.actions ?? []).map((a) => [a.request.actionId, a]));
    this.history = new StepHistoryBook();
    this.history.importState(saved?.history);
    this.interrupted = new Map();
    this.resumeActions = true;
  }

  snapshot(): RemediationLoopState {
    return {
      keeper: this.keeper.exportState(),
      runbooks: Object.fromEntries(this.runbookDocs),
      alerts: [...this.alerts.values()],
      diagnosed: [...this.diagnosed],
      rediagnose: [...this.rediagnose],
      remediations: [...this.remediations.values()],
      started: Object.fromEntries(this.started),
      actions: [...this.actions.values()],
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
        this.applyEvent(event);
        this.history.apply(event);
      } else {
        if (event.type.startsWith('alerts.alert_')) this.applyEvent(event);
        if (!this.alerts.has(event.id) && this.matcher.forEvent(event.type).length > 0)
          this.alerts.set(event.id, eventSubject(event));
      }
    }
    return [];
  }

  act(nowMs: number): StreamAppend[] {
    const appends: StreamAppend[] = [];
    if (this.resumeActions) {
      // After a restart: actions requested and not started run now; started ones are never run twice.
      this.resumeActions = false;
      for (const { request, started } of this.actions.values()) {
        if (!started) this.runner.run([request]);
        else {
          const within = this.remediations.get(request.alertId)?.verifyWithinMs ?? 0;
          this.interrupted.set(request.actionId, { request, until: nowMs + within });
        }
      }
    }
    this.settleInterrupted(nowMs);
    this.forgetEnded(nowMs);
    for (const alert of this.alerts.values()) {
      if (alert.trigger !== 'alert' || alert.resolved) continue;
      if (this.diagnosed.has(alert.alertId) && !this.rediagnose.has(alert.alertId)) continue;
      appends.push(this.diagnosis(alert, nowMs));
      this.diagnosed.add(alert.alertId);
      this.rediagnose.delete(alert.alertId);
    }
    for (const subject of this.alerts.values()) {
      if (this.remediations.has(subject.alertId) || subject.resolved) continue;
      if (subject.trigger === 'alert' && (subject.inhibited || !this.diagnosed.has(subject.alertId)))
        continue;
      appends.push(...this.plan(subject, nowMs));
    }
    for (const remediation of this.remediations.values()) {
      const wasVerifying = remediation.status === 'verifying';
      const alert = this.alerts.get(remediation.alertId);
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
      }
    }
    if (requests.length > 0) this.runner.run(requests);
  }

  nextDueAt(): number | undefined {
    let next: number | undefined;
    const consider = (t: number | undefined) => {
      if (t !== undefined && (next === undefined || t < next)) next = t;
    };
    for (const r of this.remediations.values()) {
      if (r.status === 'awaiting_approval') consider(r.approvalExpiresAt);
      if (r.status === 'verifying') consider(r.verifyUntil);
      if (r.endedAt !== undefined) consider(r.endedAt + ENDED_KEPT_MS);
    }
    for (const { until } of this.interrupted.values()) consider(until);
    for (const a of this.alerts.values()) {
      const undiagnosed = !this.diagnosed.has(a.alertId) || this.rediagnose.has(a.alertId);
      if (a.trigger === 'alert' && !a.resolved && undiagnosed) consider(0);
    }
    return next;
  }

  private applyEvent(event: RecordedEvent): void {
    const data = event.data as Record<string, unknown>;
    const alertId = typeof data.alertId === 'string' ? data.alertId : undefined;
    if (!alertId) return;
    const at = event.time.getTime();
    const remediation = this.remediations.get(alertId);
    switch (event.type) {
      case ALERT_FIRED:
        this.alerts.set(alertId, {
          alertId,
          trigger: 'alert',
          correlationId: alertId,
          ruleName: String(data.ruleName ?? ''),
          labels: (data.labels as Record<string, string>) ?? {},
          annotations: (data.annotations as Record<string, string>) ?? {},
          firedAt: Date.parse(String(data.firedAt)) || at,
          inhibited: false,
          resolved: false,
        });
        return;
      case ALERT_INHIBITED:
      case ALERT_UNINHIBITED: {
        const alert = this.alerts.get(alertId);
        if (!alert) return;
        alert.inhibited = event.type === ALERT_INHIBITED && ((data.causes as unknown[]) ?? []).length > 0;
        // Being inhibited by a dependency is news for the diagnosis made when the alert fired.
        if (alert.inhibited && this.diagnosed.has(alertId)) this.rediagnose.set(alertId, event.position);
        return;
      }
      case ALERT_RESOLVED: {
        const alert = this.alerts.get(alertId);
        if (alert) alert.resolved = true;
        if (!remediation) this.forget(alertId);
        return;
      }
      case HealingEvents.diagnosed: {
        // Only a diagnosis made after the news answers it (our first one may come later in the log).
        const since = this.rediagnose.get(alertId);
        const seenUpTo =
          (data.considered as Record<string, number> | undefined)?.logPosition ?? event.position;
        if (since !== undefined && seenUpTo >= since) this.rediagnose.delete(alertId);
        this.diagnosed.add(alertId);
        return;
      }
      case HealingEvents.remediationPlanned:
        if (!remediation) this.foldPlan(event.data as RemediationPlannedData, at, 'planned');
        return;
      case HealingEvents.actionRequested: {
        const requested = event.data as ActionRequestedData;
        this.actions.set(requested.actionId, { request: requested, started: false });
        if (remediation && remediation.status !== 'escalated') {
          remediation.actionId = requested.actionId;
          remediation.stepIndex = requested.stepIndex;
          remediation.status = 'acting';
        }
        return;
      }
      case HealingEvents.notificationRequested: {
        const notice = event.data as HealingNotificationData;
        if (remediation?.status === 'planned' && notice.stepIndex === remediation.stepIndex)
          stepSucceeded(remediation);
        return;
      }
      case HealingEvents.verificationFailed: {
        const index = Number(data.nextStepIndex);
        if (remediation?.skipped?.includes(index)) retryAlternative(remediation, index);
        return;
      }
      case HealingEvents.approvalRequested:
        if (remediation) {
          remediation.status = 'awaiting_approval';
          remediation.approvalExpiresAt = Date.parse(String(data.expiresAt));
        }
        return;
      case HealingEvents.healed:
      case HealingEvents.completed:
        if (remediation) {
          remediation.status = event.type === HealingEvents.healed ? 'healed' : 'completed';
          remediation.endedAt ??= at;
        }
        return;
      case HealingEvents.escalated:
        if (remediation) {
          remediation.status = 'escalated';
          remediation.endedAt ??= at;
        } else this.foldPlan(event.data as RemediationEndedData, at, 'escalated');
        return;
      case HealingEvents.actionStarted: {
        const action = this.actions.get(String(data.actionId));
        if (action) action.started = true;
        if (remediation)
          this.started.set(remediation.target, [...(this.started.get(remediation.target) ?? []), at]);
        return;
      }
      case HealingEvents.actionSucceeded:
        this.actions.delete(String(data.actionId));
        if (remediation && remediation.actionId === data.actionId) stepSucceeded(remediation);
        return;
      case HealingEvents.actionFailed:
      case HealingEvents.actionTimedOut:
      case HealingEvents.actionOutcomeUnknown:
        this.actions.delete(String(data.actionId));
        if (remediation && remediation.actionId === data.actionId) stepFailed(remediation, event.type);
        return;
      case HealingEvents.approvalRejected:
      case HealingEvents.approvalExpired:
        if (remediation?.status === 'awaiting_approval') stepFailed(remediation, event.type);
        return;
      case HealingEvents.approvalGranted:
        if (remediation?.status === 'awaiting_approval') stepSucceeded(remediation);
        return;
    }
  }

  /** A plan (or an escalation without one) read back from the log: the remediation as decided. */
  private foldPlan(
    data: Partial<RemediationPlannedData> & { alertId: string },
    at: number,
    status: 'planned' | 'escalated',
  ): void {
    const alert = this.alerts.get(data.alertId);
    const runbook = data.runbookId ? this.runbooksById.get(data.runbookId) : undefined;
    if (!alert || !runbook) return;
    const steps = (data.steps ?? [])
      .map((name) => runbook.steps.find((s) => s.name === name))
      .filter((s): s is StoredRunbook['steps'][number] => s !== undefined);
    const remediation = this.remediationFor(alert, runbook, data.target ?? '', steps, at, status);
    if (status === 'escalated') remediation.endedAt = at;
    this.remediations.set(data.alertId, remediation);
  }

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
      if (subject.trigger === 'event') this.forget(subject.alertId);
      return [];
    }
    const target = subject.labels[runbook.budget.per] ?? subject.alertId;
    if ([...this.remediations.values()].some((r) => r.target === target && isActive(r))) return [];
    const recent = (this.started.get(target) ?? []).filter((t) => t > nowMs - HOUR_MS);
    this.started.set(target, recent);
    if (recent.length >= runbook.budget.maxActionsPerHour) {
      const remediation = this.remediationFor(subject, runbook, target, [], nowMs, 'escalated');
      this.remediations.set(subject.alertId, remediation);
      const reason = `budget spent: ${recent.length} actions on ${target} in the last hour (at most ${runbook.budget.maxActionsPerHour})`;
      return escalation(remediation, subject, reason, nowMs);
    }
    const diagnosis =
      subject.trigger === 'alert'
        ? diagnose(subject, this.keeper.contextFor(subject, nowMs))
        : { causes: [] as const };
    const steps = planSteps(runbook, diagnosis, this.history.historyFor(subject.ruleName));
    const remediation = this.remediationFor(subject, runbook, target, steps, nowMs, 'planned');
    this.remediations.set(subject.alertId, remediation);
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
      const subject = this.alerts.get(request.alertId);
      const resolved = subject === undefined || subject.resolved;
      if (!resolved && subject.trigger === 'alert' && nowMs < until) continue;
      this.interrupted.delete(actionId);
      this.runner.settleInterrupted(request, resolved);
    }
  }

  /** Forgets remediations ended a while ago whose alert has resolved (or that an event started). */
  private forgetEnded(nowMs: number): void {
    for (const [id, r] of this.remediations) {
      if (r.endedAt === undefined || nowMs - r.endedAt < ENDED_KEPT_MS) continue;
      const subject = this.alerts.get(id);
      if (subject?.trigger === 'alert' && !subject.resolved) continue;
      this.remediations.delete(id);
      this.forget(id);
    }
    for (const [target, times] of this.started) {
      if (times.every((t) => t <= nowMs - HOUR_MS)) this.started.delete(target);
    }
  }

  private forget(alertId: string): void {
    this.alerts.delete(alertId);
    this.diagnosed.delete(alertId);
    this.rediagnose.delete(alertId);
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
