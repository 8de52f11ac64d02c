import type { RenderedAction } from '../actions/rendered-action.js';
import type { RunbookStep } from '../runbooks/runbook-types.js';

/** A firing alert as healing knows it (from `alerts.alert_fired`). */
export interface FiringAlert {
  alertId: string;
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
  /** A step failed and the runbook says escalate: the escalation is recorded next. */
  | 'escalating'
  | 'escalated';

/** One remediation: one per alert occurrence, for one target (the runbook's budget label). */
export interface Remediation {
  alertId: string;
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
}

export interface ActionRequestedData {
  actionId: string;
  alertId: string;
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
