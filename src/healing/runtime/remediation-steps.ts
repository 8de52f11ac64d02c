import type { StreamAppend } from '../../events/index.js';
import { newId, parseDuration } from '../../kernel/index.js';
import { HealingEvents, type HealingNotificationData, remediationStream } from '../healing-events.js';
import { renderAction } from '../runbooks/render-action.js';
import type {
  ActionRequestedData,
  FiringAlert,
  Remediation,
  RemediationEndedData,
} from './remediation-state.js';

/** Who healing's events are from. */
export const HEALING_ACTOR = 'system:healing';

/** One event in a remediation's stream, in its chain (correlation id). */
export function remediationEvent(
  subject: Pick<Remediation, 'alertId' | 'correlationId'>,
  type: string,
  data: unknown,
): StreamAppend {
  return {
    streamId: remediationStream(subject.alertId),
    events: [{ type, data, metadata: { actor: HEALING_ACTOR, correlationId: subject.correlationId } }],
  };
}

/**
 * Hands a remediation to humans: the escalation and, unless in dry run, a message for alerting to
 * deliver to the receivers the alert routes to.
 */
export function escalation(
  r: Remediation,
  alert: FiringAlert | undefined,
  reason: string,
  nowMs: number,
): StreamAppend[] {
  r.status = 'escalated';
  r.endedAt = nowMs;
  const ended: RemediationEndedData = {
    alertId: r.alertId,
    runbookId: r.runbookId,
    target: r.target,
    reason,
  };
  const appends = [remediationEvent(r, HealingEvents.escalated, ended)];
  if (r.dryRun) return appends;
  const about =
    alert?.trigger === 'event' ? `event ${alert.ruleName}` : `alert ${alert?.ruleName ?? r.alertId}`;
  const notice: HealingNotificationData = {
    ...(r.trigger === 'alert' ? { alertId: r.alertId } : {}),
    labels: alert?.labels ?? {},
    receivers: [],
    message: `Vigia could not heal ${about} on ${r.target} (runbook ${r.runbookName}): ${reason}. Over to you.`,
    kind: 'escalation',
  };
  appends.push(remediationEvent(r, HealingEvents.notificationRequested, notice));
  return appends;
}

/**
 * The step is done: on to the next one. An alternative that succeeded passes over the other
 * alternatives after it (other ways to the same end); they are tried if verification fails.
 */
export function stepSucceeded(r: Remediation): void {
  r.actionId = undefined;
  r.approvalExpiresAt = undefined;
  if (r.steps[r.stepIndex]?.alternatives) {
    const later = r.steps.flatMap((s, i) => (i > r.stepIndex && s.alternatives ? [i] : []));
    r.skipped = [...new Set([...(r.skipped ?? []), ...later])].sort((a, b) => a - b);
  }
  r.stepIndex = nextStepIndex(r, r.stepIndex + 1);
  r.status = 'planned';
}

/** The first step from `from` on that was not passed over. */
function nextStepIndex(r: Remediation, from: number): number {
  let index = from;
  while (index < r.steps.length && r.skipped?.includes(index)) index++;
  return index;
}

/** Verification failed and an alternative passed over is left: it is tried next. */
export function retryAlternative(r: Remediation, index: number): void {
  r.skipped = (r.skipped ?? []).filter((i) => i !== index);
  r.stepIndex = index;
  r.status = 'planned';
  r.verifyUntil = undefined;
}

/** The step failed: on to the next one when the runbook says so, else escalate (recorded by `advance`). */
export function stepFailed(r: Remediation, outcome: string): void {
  r.actionId = undefined;
  r.approvalExpiresAt = undefined;
  const step = r.steps[r.stepIndex];
  const onFailure = step?.onFailure ?? r.onFailure;
  const unknown = outcome === HealingEvents.actionOutcomeUnknown;
  const next = nextStepIndex(r, r.stepIndex + 1);
  if (!unknown && onFailure === 'next' && next < r.steps.length) {
    r.stepIndex = next;
    r.status = 'planned';
    return;
  }
  if (r.status === 'escalated') return;
  r.status = 'escalating';
  r.escalationReason = `step "${step?.name ?? '?'}" ended with ${outcome.replace('healing.', '')}`;
}

function healed(r: Remediation, nowMs: number): StreamAppend[] {
  r.status = 'healed';
  r.endedAt = nowMs;
  const data = {
    alertId: r.alertId,
    runbookId: r.runbookId,
    target: r.target,
    healedInMs: nowMs - r.startedAt,
  };
  return [remediationEvent(r, HealingEvents.healed, data)];
}

/**
 * Moves a remediation on, and returns what it decided: records an escalation, expires an
 * approval, ends verification (healed, or not healed and escalated), or requests the next step
 * (an action for the runner, an approval, or a message for alerting to deliver).
 */
export function advanceRemediation(
  r: Remediation,
  alert: FiringAlert | undefined,
  nowMs: number,
): StreamAppend[] {
  if (r.status === 'escalating') return escalation(r, alert, r.escalationReason ?? 'a step failed', nowMs);
  if (r.status === 'awaiting_approval' && r.approvalExpiresAt !== undefined && nowMs >= r.approvalExpiresAt) {
    r.approvalExpiresAt = undefined;
    const data = { alertId: r.alertId, step: r.steps[r.stepIndex]?.name };
    return [remediationEvent(r, HealingEvents.approvalExpired, data)];
  }
  if (r.status === 'verifying') {
    if (alert?.resolved) return healed(r, nowMs);
    if (r.verifyUntil === undefined || nowMs < r.verifyUntil) return [];
    const untried = r.skipped?.[0];
    if (untried !== undefined && r.onFailure === 'next') {
      const failed = { alertId: r.alertId, nextStep: r.steps[untried]?.name, nextStepIndex: untried };
      retryAlternative(r, untried);
      return [
        remediationEvent(r, HealingEvents.verificationFailed, failed),
        ...advanceRemediation(r, alert, nowMs),
      ];
    }
    const data = { alertId: r.alertId, runbookId: r.runbookId, target: r.target };
    return [
      remediationEvent(r, HealingEvents.notHealed, data),
      ...escalation(r, alert, 'the alert did not resolve within the verification time', nowMs),
    ];
  }
  if (r.status !== 'planned' || r.actionId !== undefined) return [];
  if (alert?.resolved) return healed(r, nowMs);
  const step = r.steps[r.stepIndex];
  if (!step) return finishSteps(r, nowMs);
  const rendered = renderAction(step.action, {
    alertId: r.alertId,
    ruleName: alert?.ruleName ?? '',
    labels: alert?.labels ?? {},
    annotations: alert?.annotations ?? {},
  });
  if (rendered.kind === 'approval') {
    r.status = 'awaiting_approval';
    r.approvalExpiresAt = nowMs + rendered.expiresInMs;
    const data = {
      alertId: r.alertId,
      step: step.name,
      approvers: rendered.approvers,
      expiresAt: new Date(r.approvalExpiresAt).toISOString(),
    };
    return [remediationEvent(r, HealingEvents.approvalRequested, data)];
  }
  if (rendered.kind === 'notify' && !r.dryRun) {
    // Handing the message to alerting is the step; delivery is alerting's (with its retries).
    const notice: HealingNotificationData = {
      ...(r.trigger === 'alert' ? { alertId: r.alertId } : {}),
      labels: alert?.labels ?? {},
      receivers: rendered.receivers,
      message: rendered.message,
      kind: 'step',
      stepIndex: r.stepIndex,
    };
    stepSucceeded(r);
    return [
      remediationEvent(r, HealingEvents.notificationRequested, notice),
      ...advanceRemediation(r, alert, nowMs),
    ];
  }
  const actionId = newId();
  r.actionId = actionId;
  r.status = 'acting';
  const data: ActionRequestedData = {
    actionId,
    alertId: r.alertId,
    correlationId: r.correlationId,
    runbookId: r.runbookId,
    step: step.name,
    stepIndex: r.stepIndex,
    target: r.target,
    action: rendered,
    timeoutMs: parseDuration(step.timeout) ?? 30_000,
    retries: step.retries,
    dryRun: r.dryRun,
  };
  return [remediationEvent(r, HealingEvents.actionRequested, data)];
}

/** Every step ran: an alert is verified (until it resolves or time is up); an event's runbook is done. */
function finishSteps(r: Remediation, nowMs: number): StreamAppend[] {
  if (r.trigger === 'alert') {
    r.status = 'verifying';
    r.verifyUntil = nowMs + r.verifyWithinMs;
    return [];
  }
  r.status = 'completed';
  r.endedAt = nowMs;
  const data = { alertId: r.alertId, runbookId: r.runbookId, target: r.target, steps: r.steps.length };
  return [remediationEvent(r, HealingEvents.completed, data)];
}
