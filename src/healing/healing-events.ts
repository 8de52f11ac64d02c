/**
 * The healing module's event types (payload schema version 1). Healing learns about alerts only
 * from the alerts module's events; everything it decides and does is one of these, carrying the
 * alert id as correlation id, so an alert's whole chain (fired → diagnosed → acted → verified →
 * resolved) reads in order.
 */
export const HealingEvents = {
  /** The probable causes of a firing alert, ranked, each with its evidence. */
  diagnosed: 'healing.alert_diagnosed',
  /** A runbook was chosen for an alert occurrence (or none matched: `runbookId` absent). */
  remediationPlanned: 'healing.remediation_planned',
  actionRequested: 'healing.action_requested',
  actionStarted: 'healing.action_started',
  actionSucceeded: 'healing.action_succeeded',
  actionFailed: 'healing.action_failed',
  actionTimedOut: 'healing.action_timed_out',
  /** Started before a crash and not finished: checked, then marked succeeded, failed or this. */
  actionOutcomeUnknown: 'healing.action_outcome_unknown',
  approvalRequested: 'healing.approval_requested',
  approvalGranted: 'healing.approval_granted',
  approvalRejected: 'healing.approval_rejected',
  approvalExpired: 'healing.approval_expired',
  healed: 'healing.remediation_healed',
  /** The alert did not resolve in time, and an alternative not tried yet is tried next (`onFailure: next`). */
  verificationFailed: 'healing.verification_failed',
  notHealed: 'healing.remediation_not_healed',
  /** Handed to humans: budget spent, verification failed, outcome unknown, or a step said so. */
  escalated: 'healing.remediation_escalated',
  /** A runbook started by an event (no alert to verify against) ran all its steps. */
  completed: 'healing.remediation_completed',
  /**
   * A message for people, delivered by alerting through its receivers: a runbook's notify step, or
   * an escalation (to the receivers the alert routes to). Never recorded in dry run.
   */
  notificationRequested: 'healing.notification_requested',
  /** A deploy or configuration change pushed by users (`POST /api/changes`): evidence for diagnosis. */
  changeRecorded: 'healing.change_recorded',
} as const;

/** `healing.notification_requested` data (alerting's HealingContract reads these fields). */
export interface HealingNotificationData {
  /** The alert it is about; absent for runbooks started by an event. */
  alertId?: string;
  /** The alert's labels (or the triggering event's): where to route when no receiver is named. */
  labels: Record<string, string>;
  /** Receivers by name; empty: the receivers the labels route to. */
  receivers: string[];
  message: string;
  kind: 'step' | 'escalation';
  /** The step (kind `step`): a replay knows the step was done. */
  stepIndex?: number;
}

/** Stream of one remediation (one per alert occurrence, or per triggering event). */
export const remediationStream = (alertId: string) => `remediation-${alertId}`;

/** A reference to an event used as evidence: where to find it in the log. */
export interface EvidenceRef {
  eventId: string;
  type: string;
  streamId: string;
  position: number;
  /** One line for a person: `db: monitor db-health down (connection refused)`. */
  summary: string;
}

export type CauseKind =
  | 'dependency_down'
  | 'shared_dependency'
  | 'network'
  | 'recent_change'
  | 'resource_saturation'
  | 'the_service_itself';

/** One probable cause, with how sure the rule that found it is (0..1) and why. */
export interface ProbableCause {
  kind: CauseKind;
  /** The service or thing blamed: `db`, `network`, a change id, `cpu on api`. */
  subject: string;
  confidence: number;
  explanation: string;
  evidence: EvidenceRef[];
}

export interface AlertDiagnosedData {
  alertId: string;
  ruleName: string;
  service: string | null;
  causes: ProbableCause[];
  /** What was looked at: counts of checks, samples, alerts, changes in the window. */
  considered: Record<string, number>;
  at: string;
}
