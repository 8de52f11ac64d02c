import type { RecordedEvent } from '../../events/index.js';
import { HealingEvents, type HealingNotificationData } from '../healing-events.js';
import type {
  ActionRequestedData,
  FiringAlert,
  Remediation,
  RemediationEndedData,
  RemediationPlannedData,
} from './remediation-state.js';
import { retryAlternative, stepFailed, stepSucceeded } from './remediation-steps.js';

const ALERT_FIRED = 'alerts.alert_fired';
const ALERT_RESOLVED = 'alerts.alert_resolved';
const ALERT_INHIBITED = 'alerts.alert_inhibited';
const ALERT_UNINHIBITED = 'alerts.alert_uninhibited';

/** What the remediation loop knows, folded from the log: its subjects, their diagnoses and remediations. */
export interface RemediationBook {
  /** What remediations are for: firing alerts, and events that matched a runbook's trigger. */
  alerts: Map<string, FiringAlert>;
  diagnosed: Set<string>;
  /** Diagnosed alerts that learned something since (inhibited by a dependency): diagnosed again. */
  rediagnose: Map<string, number>;
  remediations: Map<string, Remediation>;
  /** Action start times per target, for the hourly budget. */
  started: Map<string, number[]>;
  /** Requested actions without an outcome yet, and whether they had started. */
  actions: Map<string, { request: ActionRequestedData; started: boolean }>;
}

export function emptyBook(): RemediationBook {
  return {
    alerts: new Map(),
    diagnosed: new Set(),
    rediagnose: new Map(),
    remediations: new Map(),
    started: new Map(),
    actions: new Map(),
  };
}

/** Rebuilds the remediation a plan (or an escalation without one) read back from the log describes. */
export type PlanRebuilder = (
  data: Partial<RemediationPlannedData> & { alertId: string },
  at: number,
  status: 'planned' | 'escalated',
) => void;

/** Forgets a subject and what was known of its diagnosis. */
export function forgetSubject(book: RemediationBook, alertId: string): void {
  book.alerts.delete(alertId);
  book.diagnosed.delete(alertId);
  book.rediagnose.delete(alertId);
}

/**
 * Folds one `alerts.alert_*` or `healing.*` event into the book, the same way live and on replay:
 * every decision the loop takes is read back from the log through here.
 */
export function foldRemediationEvent(
  book: RemediationBook,
  event: RecordedEvent,
  rebuild: PlanRebuilder,
): void {
  const data = event.data as Record<string, unknown>;
  const alertId = typeof data.alertId === 'string' ? data.alertId : undefined;
  if (!alertId) return;
  const at = event.time.getTime();
  const remediation = book.remediations.get(alertId);
  switch (event.type) {
    case ALERT_FIRED:
      book.alerts.set(alertId, {
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
      const alert = book.alerts.get(alertId);
      if (!alert) return;
      alert.inhibited = event.type === ALERT_INHIBITED && ((data.causes as unknown[]) ?? []).length > 0;
      // Being inhibited by a dependency is news for the diagnosis made when the alert fired.
      if (alert.inhibited && book.diagnosed.has(alertId)) book.rediagnose.set(alertId, event.position);
      return;
    }
    case ALERT_RESOLVED: {
      const alert = book.alerts.get(alertId);
      if (alert) alert.resolved = true;
      if (!remediation) forgetSubject(book, alertId);
      return;
    }
    case HealingEvents.diagnosed: {
      // Only a diagnosis made after the news answers it (our first one may come later in the log).
      const since = book.rediagnose.get(alertId);
      const seenUpTo = (data.considered as Record<string, number> | undefined)?.logPosition ?? event.position;
      if (since !== undefined && seenUpTo >= since) book.rediagnose.delete(alertId);
      book.diagnosed.add(alertId);
      return;
    }
    case HealingEvents.remediationPlanned:
      if (!remediation) rebuild(event.data as RemediationPlannedData, at, 'planned');
      return;
    case HealingEvents.actionRequested: {
      const requested = event.data as ActionRequestedData;
      book.actions.set(requested.actionId, { request: requested, started: false });
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
      } else rebuild(event.data as RemediationEndedData, at, 'escalated');
      return;
    case HealingEvents.actionStarted: {
      const action = book.actions.get(String(data.actionId));
      if (action) action.started = true;
      if (remediation)
        book.started.set(remediation.target, [...(book.started.get(remediation.target) ?? []), at]);
      return;
    }
    case HealingEvents.actionSucceeded:
      book.actions.delete(String(data.actionId));
      if (remediation && remediation.actionId === data.actionId) stepSucceeded(remediation);
      return;
    case HealingEvents.actionFailed:
    case HealingEvents.actionTimedOut:
    case HealingEvents.actionOutcomeUnknown:
      book.actions.delete(String(data.actionId));
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
