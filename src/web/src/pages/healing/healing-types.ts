/** The healing and alerting API's answers, as the incidents pages read them. */

/** Where a remediation stands (`RemediationView.status`). */
export type RemediationPhase =
  | 'planned'
  | 'acting'
  | 'awaiting_approval'
  | 'verifying'
  | 'healed'
  | 'not_healed'
  | 'escalated'
  | 'completed';

/** One remediation as `GET /api/remediations` lists it. */
export interface RemediationView {
  alertId: string;
  ruleName: string;
  runbookId: string | null;
  runbookName: string | null;
  target: string | null;
  status: RemediationPhase;
  dryRun: boolean;
  steps: Array<{ name: string; state: string }>;
  startedAt: string;
  endedAt: string | null;
  healedInMs: number | null;
  lastReason: string | null;
}

export interface RemediationList {
  remediations: RemediationView[];
  next: string | null;
}

/** An approval a remediation waits for. */
export interface PendingApproval {
  alertId: string;
  step: string;
  approvers: string[];
  expiresAt: string;
}

/** One event of a remediation's stream, as `GET /api/remediations/:alertId` gives it. */
export interface ChainEvent {
  type: string;
  at: string;
  actor: string | null;
  data: Record<string, unknown>;
}

/** `GET /api/remediations/:alertId`: the chain of one alert. */
export interface RemediationChain {
  alertId: string;
  remediation: RemediationView | null;
  pendingApproval: PendingApproval | null;
  events: ChainEvent[];
}

/** An alert occurrence as `GET /api/alerts` lists it. */
export interface AlertView {
  alertId: string;
  ruleName: string;
  severity: 'info' | 'warning' | 'error' | 'critical';
  service: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing' | 'resolved';
  activeSince: string;
  firedAt: string | null;
  resolvedAt: string | null;
  acknowledged: { by: string; at: string } | null;
}

export interface AlertList {
  alerts: AlertView[];
  next: string | null;
}

/** One entry of an alert's own timeline (`GET /api/alerts/:id`). */
export interface AlertTimelineEntry {
  type: string;
  at: string;
  actor: string | null;
  position: number;
  detail: Record<string, unknown>;
}

/** `GET /api/alerts/:id`: the alert and its timeline. */
export interface AlertDetail extends AlertView {
  timeline: AlertTimelineEntry[];
}

/** A reference to an event used as evidence by a diagnosis. */
export interface EvidenceRef {
  eventId: string;
  type: string;
  streamId: string;
  position: number;
  summary: string;
}

/** One probable cause of a diagnosis. */
export interface ProbableCause {
  kind: string;
  subject: string;
  confidence: number;
  explanation: string;
  evidence: EvidenceRef[];
}
