import type { FollowerHandler, RecordedEvent, StreamAppend } from '../../events/index.js';
import { type Logger, newId } from '../../kernel/index.js';
import { parseDuration } from '../definition/duration.js';
import { ContextKeeper, diagnose, OBSERVED_EVENT_TYPES } from '../diagnose/index.js';
import { HealingEvents, remediationStream } from '../healing-events.js';
import { planSteps } from '../runbooks/plan-steps.js';
import { renderAction } from '../runbooks/render-action.js';
import { RunbookMatcher } from '../runbooks/runbook-matcher.js';
import { parseRunbook } from '../runbooks/runbook-schema.js';
import type { StoredRunbook } from '../runbooks/runbook-types.js';
import type {
  ActionRequestedData,
  FiringAlert,
  Remediation,
  RemediationEndedData,
  RemediationPlannedData,
} from './remediation-state.js';

export const HEALING_ACTOR = 'system:healing';
export const RUNBOOK_EVENT_PREFIX = 'healing.runbook';

const ALERT_FIRED = 'alerts.alert_fired';
const ALERT_RESOLVED = 'alerts.alert_resolved';
const ALERT_INHIBITED = 'alerts.alert_inhibited';
const ALERT_UNINHIBITED = 'alerts.alert_uninhibited';

/** What the remediation loop reads: alerts, its own events, runbooks, and what diagnosis looks at. */
export const REMEDIATION_FILTER = {
  typePrefixes: [...new Set(['alerts.alert_', 'healing.', ...OBSERVED_EVENT_TYPES])],
};

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
}

const HOUR_MS = 3_600_000;

/**
 * Healing's decisions: diagnoses each firing alert, picks a runbook, requests its actions one
 * step at a time (at most one remediation in flight per target, within the runbook's budget),
 * waits for approvals, verifies by waiting for the alert to resolve, and escalates otherwise.
 * Every decision is an event it reads back before deciding anything else (so after a crash
 * nothing is decided twice); actions are run by the ActionRunner from `healing.action_requested`.
 */
export class RemediationLoop implements FollowerHandler {
  private keeper = new ContextKeeper();
  private runbookDocs = new Map<string, unknown>();
  private readonly matcher = new RunbookMatcher();
  private runbooksById = new Map<string, StoredRunbook>();
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

  constructor(
    private readonly settings: RemediationSettings,
    private readonly runner: {
      run(requests: ReadonlyArray<ActionRequestedData>): void;
      settleInterrupted(request: ActionRequestedData, alertResolved: boolean): void;
    },
    private readonly logger: Logger,
  ) {}

  /** The remediation of an alert occurrence, if one was planned. */
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
      } else {
        this.applyEvent(event);
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
        if (started)
          this.runner.settleInterrupted(request, this.alerts.get(request.alertId)?.resolved ?? true);
        else this.runner.run([request]);
      }
    }
    for (const alert of this.alerts.values()) {
      if (alert.resolved) continue;
      if (this.diagnosed.has(alert.alertId) && !this.rediagnose.has(alert.alertId)) continue;
      appends.push(this.diagnosis(alert, nowMs));
      this.diagnosed.add(alert.alertId);
      this.rediagnose.delete(alert.alertId);
    }
    for (const alert of this.alerts.values()) {
      if (alert.resolved || alert.inhibited || !this.diagnosed.has(alert.alertId)) continue;
      if (this.remediations.has(alert.alertId)) continue;
      appends.push(...this.plan(alert, nowMs));
    }
    for (const remediation of this.remediations.values()) appends.push(...this.advance(remediation, nowMs));
    return appends;
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
    }
    for (const a of this.alerts.values()) {
      if (!a.resolved && (!this.diagnosed.has(a.alertId) || this.rediagnose.has(a.alertId))) consider(0);
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
        if (!remediation) this.alerts.delete(alertId);
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
        if (!remediation) this.foldPlan(event.data as RemediationPlannedData, at);
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
      case HealingEvents.approvalRequested:
        if (remediation) {
          remediation.status = 'awaiting_approval';
          remediation.approvalExpiresAt = Date.parse(String(data.expiresAt));
        }
        return;
      case HealingEvents.healed:
        if (remediation) remediation.status = 'healed';
        return;
      case HealingEvents.escalated:
        if (remediation) remediation.status = 'escalated';
        else this.foldEscalation(event.data as RemediationEndedData, at);
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
        if (remediation && remediation.actionId === data.actionId) this.stepSucceeded(remediation, at);
        return;
      case HealingEvents.actionFailed:
      case HealingEvents.actionTimedOut:
      case HealingEvents.actionOutcomeUnknown:
      case HealingEvents.approvalRejected:
      case HealingEvents.approvalExpired:
        if (
          remediation &&
          (remediation.actionId === data.actionId || event.type.startsWith('healing.approval'))
        ) {
          this.stepFailed(remediation, event.type);
        }
        return;
      case HealingEvents.approvalGranted:
        if (remediation?.status === 'awaiting_approval') this.stepSucceeded(remediation, at);
        return;
    }
  }

  /** A plan read back from the log (after a restart): the same remediation as when it was decided. */
  private foldPlan(data: RemediationPlannedData, at: number): void {
    const alert = this.alerts.get(data.alertId);
    const runbook = this.runbooksById.get(data.runbookId);
    if (!alert || !runbook) return;
    const steps = data.steps
      .map((name) => runbook.steps.find((s) => s.name === name))
      .filter((s): s is StoredRunbook['steps'][number] => s !== undefined);
    this.remediations.set(
      data.alertId,
      this.remediationFor(alert, runbook, data.target, steps, at, 'planned'),
    );
  }

  private foldEscalation(data: RemediationEndedData, at: number): void {
    const alert = this.alerts.get(data.alertId);
    const runbook = data.runbookId ? this.runbooksById.get(data.runbookId) : undefined;
    if (!alert || !runbook) return;
    this.remediations.set(
      data.alertId,
      this.remediationFor(alert, runbook, data.target ?? '', [], at, 'escalated'),
    );
  }

  private diagnosis(alert: FiringAlert, nowMs: number): StreamAppend {
    const context = this.keeper.contextFor(
      { alertId: alert.alertId, labels: alert.labels, firedAt: alert.firedAt, ruleName: alert.ruleName },
      nowMs,
    );
    const data = diagnose(
      { alertId: alert.alertId, labels: alert.labels, firedAt: alert.firedAt, ruleName: alert.ruleName },
      context,
    );
    // What the log held when deciding: a diagnosis made before news (an inhibition) reads as such on replay.
    return this.event(alert.alertId, HealingEvents.diagnosed, {
      ...data,
      considered: { ...data.considered, logPosition: this.lastPosition },
    });
  }

  private plan(alert: FiringAlert, nowMs: number): StreamAppend[] {
    const runbook = this.matcher.forAlert({
      labels: alert.labels,
      severity: alert.labels.severity ?? '',
      ruleName: alert.ruleName,
    })[0];
    if (!runbook) return [];
    const target = alert.labels[runbook.budget.per] ?? alert.alertId;
    if ([...this.remediations.values()].some((r) => r.target === target && isActive(r))) return [];
    const recent = (this.started.get(target) ?? []).filter((t) => t > nowMs - HOUR_MS);
    this.started.set(target, recent);
    if (recent.length >= runbook.budget.maxActionsPerHour) {
      const ended: RemediationEndedData = {
        alertId: alert.alertId,
        runbookId: runbook.id,
        target,
        reason: `budget spent: ${recent.length} actions on ${target} in the last hour (at most ${runbook.budget.maxActionsPerHour})`,
      };
      this.remediations.set(
        alert.alertId,
        this.remediationFor(alert, runbook, target, [], nowMs, 'escalated'),
      );
      return [this.event(alert.alertId, HealingEvents.escalated, ended)];
    }
    const keeperContext = this.keeper.contextFor(
      { alertId: alert.alertId, labels: alert.labels, firedAt: alert.firedAt, ruleName: alert.ruleName },
      nowMs,
    );
    const diagnosis = diagnose(
      { alertId: alert.alertId, labels: alert.labels, firedAt: alert.firedAt },
      keeperContext,
    );
    const steps = planSteps(runbook, diagnosis);
    const remediation = this.remediationFor(alert, runbook, target, steps, nowMs, 'planned');
    this.remediations.set(alert.alertId, remediation);
    const data: RemediationPlannedData = {
      alertId: alert.alertId,
      ruleName: alert.ruleName,
      runbookId: runbook.id,
      runbookName: runbook.name,
      target,
      steps: steps.map((s) => s.name),
      dryRun: remediation.dryRun,
    };
    return [this.event(alert.alertId, HealingEvents.remediationPlanned, data)];
  }

  /** Moves a remediation on: requests its next action, expires approvals, ends verification. */
  private advance(r: Remediation, nowMs: number): StreamAppend[] {
    const alert = this.alerts.get(r.alertId);
    if (r.status === 'escalating') {
      r.status = 'escalated';
      const data: RemediationEndedData = {
        alertId: r.alertId,
        runbookId: r.runbookId,
        target: r.target,
        reason: r.escalationReason ?? 'a step failed',
      };
      return [this.event(r.alertId, HealingEvents.escalated, data)];
    }
    if (
      r.status === 'awaiting_approval' &&
      r.approvalExpiresAt !== undefined &&
      nowMs >= r.approvalExpiresAt
    ) {
      r.approvalExpiresAt = undefined;
      return [
        this.event(r.alertId, HealingEvents.approvalExpired, {
          alertId: r.alertId,
          step: r.steps[r.stepIndex]?.name,
        }),
      ];
    }
    if (r.status === 'verifying') {
      if (alert?.resolved) {
        r.status = 'healed';
        return [
          this.event(r.alertId, HealingEvents.healed, {
            alertId: r.alertId,
            runbookId: r.runbookId,
            target: r.target,
            healedInMs: nowMs - r.startedAt,
          }),
        ];
      }
      if (r.verifyUntil !== undefined && nowMs >= r.verifyUntil) {
        r.status = 'escalated';
        return [
          this.event(r.alertId, HealingEvents.notHealed, {
            alertId: r.alertId,
            runbookId: r.runbookId,
            target: r.target,
          }),
          this.event(r.alertId, HealingEvents.escalated, {
            alertId: r.alertId,
            runbookId: r.runbookId,
            target: r.target,
            reason: 'the alert did not resolve within the verification time',
          } satisfies RemediationEndedData),
        ];
      }
      return [];
    }
    if (r.status !== 'planned' || r.actionId !== undefined) return [];
    if (alert?.resolved) {
      r.status = 'healed';
      return [
        this.event(r.alertId, HealingEvents.healed, {
          alertId: r.alertId,
          runbookId: r.runbookId,
          target: r.target,
          healedInMs: nowMs - r.startedAt,
        }),
      ];
    }
    const step = r.steps[r.stepIndex];
    if (!step) {
      r.status = 'verifying';
      r.verifyUntil = nowMs + r.verifyWithinMs;
      return [];
    }
    const rendered = renderAction(step.action, {
      alertId: r.alertId,
      ruleName: alert?.ruleName ?? '',
      labels: alert?.labels ?? {},
      annotations: alert?.annotations ?? {},
    });
    if (rendered.kind === 'approval') {
      r.status = 'awaiting_approval';
      r.approvalExpiresAt = nowMs + rendered.expiresInMs;
      return [
        this.event(r.alertId, HealingEvents.approvalRequested, {
          alertId: r.alertId,
          step: step.name,
          approvers: rendered.approvers,
          expiresAt: new Date(r.approvalExpiresAt).toISOString(),
        }),
      ];
    }
    const actionId = newId();
    r.actionId = actionId;
    r.status = 'acting';
    const data: ActionRequestedData = {
      actionId,
      alertId: r.alertId,
      runbookId: r.runbookId,
      step: step.name,
      stepIndex: r.stepIndex,
      target: r.target,
      action: rendered,
      timeoutMs: parseDuration(step.timeout) ?? 30_000,
      retries: step.retries,
      dryRun: r.dryRun,
    };
    return [this.event(r.alertId, HealingEvents.actionRequested, data)];
  }

  private stepSucceeded(r: Remediation, _at: number): void {
    r.actionId = undefined;
    r.approvalExpiresAt = undefined;
    r.stepIndex++;
    r.status = 'planned';
  }

  private stepFailed(r: Remediation, outcome: string): void {
    r.actionId = undefined;
    r.approvalExpiresAt = undefined;
    const step = r.steps[r.stepIndex];
    const onFailure = step?.onFailure ?? r.onFailure;
    const unknown = outcome === HealingEvents.actionOutcomeUnknown;
    if (!unknown && onFailure === 'next' && r.stepIndex + 1 < r.steps.length) {
      r.stepIndex++;
      r.status = 'planned';
      return;
    }
    if (r.status === 'escalated') return;
    r.status = 'escalating';
    r.escalationReason = `step "${step?.name ?? '?'}" ended with ${outcome.replace('healing.', '')}`;
  }

  private remediationFor(
    alert: FiringAlert,
    runbook: StoredRunbook,
    target: string,
    steps: Remediation['steps'],
    nowMs: number,
    status: Remediation['status'],
  ): Remediation {
    return {
      alertId: alert.alertId,
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

  private event(alertId: string, type: string, data: unknown): StreamAppend {
    return {
      streamId: remediationStream(alertId),
      events: [{ type, data, metadata: { actor: HEALING_ACTOR, correlationId: alertId } }],
    };
  }
}

function isActive(r: Remediation): boolean {
  return (
    r.status === 'planned' ||
    r.status === 'acting' ||
    r.status === 'awaiting_approval' ||
    r.status === 'verifying'
  );
}

/** The document without the fields the server adds (`managedBy` on runbooks from vigia.yaml). */
function withoutServerFields(doc: unknown): unknown {
  if (typeof doc !== 'object' || doc === null || !('managedBy' in doc)) return doc;
  const { managedBy: _owner, ...body } = doc as Record<string, unknown>;
  return body;
}
