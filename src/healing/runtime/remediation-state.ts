import type { RenderedAction } from '../actions/rendered-action.js';
import type { RunbookStep } from '../runbooks/runbook-types.js';

/**
 * What a remediation is for: a firing alert (from `alerts.alert_fired`), or an event that matched
 * a runbook's event trigger (then `alertId` is the event's id and it never resolves).
 */
export interface FiringAlert {
  alertId: string;
  trigger: 'alert' | 'event';
  /** Correlation id of the chain: the alert id, or the triggering event's correlation id. */
  correlationId: string;
  ruleName: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  firedAt: number;
  inhibited: boolean;
  resolved: boolean;
}

export type RemediationStatus =
  | 'planned'
  | 'acting'
  | 'awaiting_approval'
  | 'verifying'
  | 'healed'
  | 'not_healed'
  /** An event-started runbook ran all its steps (there is no alert to verify against). */
  | 'completed'
  /** A step failed and the runbook says escalate: the escalation is recorded next. */
  | 'escalating'
  | 'escalated';

/** One remediation: one per alert occurrence, for one target (the runbook's budget label). */
export interface Remediation {
  alertId: string;
  trigger: 'alert' | 'event';
  correlationId: string;
  target: string;
  runbookId: string;
  runbookName: string;
  dryRun: boolean;
  steps: RunbookStep[];
  stepIndex: number;
  status: RemediationStatus;
  /** The action requested for the current step and not finished yet. */
  actionId?: string;
  approvalExpiresAt?: number;
  verifyUntil?: number;
  verifyWithinMs: number;
  onFailure: 'escalate' | 'next';
  startedAt: number;
  /** Why it is escalating (set with status `escalating`). */
  escalationReason?: string;
  /** Alternative steps passed over because an earlier alternative succeeded (tried if verification fails). */
  skipped?: number[];
  /** When it reached an end (healed, completed, escalated): forgotten a while after. */
  endedAt?: number;
}

export interface ActionRequestedData {
  actionId: string;
  alertId: string;
  /** The chain the action belongs to (the alert id, or the triggering event's correlation id). */
  correlationId?: string;
  runbookId: string;
  step: string;
  stepIndex: number;
  target: string;
  action: RenderedAction;
  timeoutMs: number;
  retries: number;
  dryRun: boolean;
}

export interface ActionOutcomeData {
  actionId: string;
  alertId: string;
  step: string;
  attempts: number;
  detail: string;
  dryRun?: boolean;
}

export interface RemediationPlannedData {
  alertId: string;
  /** The alert rule that fired (learning keys success rates by rule and step). */
  ruleName: string;
  runbookId: string;
  runbookName: string;
  target: string;
  steps: string[];
  dryRun: boolean;
}

export interface RemediationEndedData {
  alertId: string;
  runbookId?: string;
  target?: string;
  reason: string;
}
