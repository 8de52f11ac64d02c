/**
 * The alerts module's event types (payload schema version 1): the contract the healing module,
 * the dashboard and the read models follow. Each alert occurrence (from pending to resolved) is
 * one stream, `alert-<alertId>`; its alertId is also the correlation id of everything it causes.
 */
export const AlertEvents = {
  /** The condition holds; the rule's `for` has not elapsed yet. */
  pending: 'alerts.alert_pending',
  /** The condition held for the rule's `for`: the alert is active and notified. */
  fired: 'alerts.alert_fired',
  /** The condition cleared (after `keepFiringFor`), or its rule was removed or disabled. */
  resolved: 'alerts.alert_resolved',
  acknowledged: 'alerts.alert_acknowledged',
  unacknowledged: 'alerts.alert_unacknowledged',
  /** Muted by one or more silences or maintenance windows (`silenced` lists them; empty = no longer). */
  silenced: 'alerts.alert_silenced',
  unsilenced: 'alerts.alert_unsilenced',
  /** Muted because a dependency is down or a label inhibition rule's source alert fires. */
  inhibited: 'alerts.alert_inhibited',
  uninhibited: 'alerts.alert_uninhibited',
  /** Changed state too often in the flap window: notified once, then muted until it settles. */
  flapping: 'alerts.alert_flapping',
  flapSettled: 'alerts.alert_flap_settled',
  /** An escalation policy moved on to its next tier (not acknowledged in time). */
  escalated: 'alerts.alert_escalated',
  /** A notification to one receiver was decided (the outbox entry the delivery worker follows). */
  notificationRequested: 'alerts.notification_requested',
  /** One delivery attempt to one destination, whatever its outcome. */
  notificationAttempted: 'alerts.notification_attempted',
  notificationDelivered: 'alerts.notification_delivered',
  /** Given up after the retries (or refused for good, e.g. a 4xx): the alert's evaluation goes on. */
  notificationFailed: 'alerts.notification_failed',
} as const;

export type AlertEventType = (typeof AlertEvents)[keyof typeof AlertEvents];

export const ALERT_EVENT_PREFIX = 'alerts.';

/** Stream of one alert occurrence. */
export const alertStream = (alertId: string) => `alert-${alertId}`;
/** Stream of one notification (request, attempts, outcome). */
export const notificationStream = (notificationId: string) => `alert-notification-${notificationId}`;

export type Severity = 'info' | 'warning' | 'error' | 'critical';
export const SEVERITIES: ReadonlyArray<Severity> = ['info', 'warning', 'error', 'critical'];

/** What every lifecycle event of an alert carries. */
export interface AlertIdentity {
  alertId: string;
  ruleId: string;
  ruleName: string;
  /** Hash of the alert's labels: the same rule and labels are the same alert series. */
  fingerprint: string;
  /** The series labels plus the rule's labels plus `alertname` and `severity`. */
  labels: Record<string, string>;
  severity: Severity;
}

export interface AlertPendingData extends AlertIdentity {
  /** When the condition started to hold (ISO), from the sample's timestamp. */
  activeSince: string;
  value: number | null;
  annotations: Record<string, string>;
}

export interface AlertFiredData extends AlertIdentity {
  activeSince: string;
  firedAt: string;
  value: number | null;
  annotations: Record<string, string>;
}

export type ResolveReason = 'condition_cleared' | 'rule_changed' | 'rule_removed' | 'series_stale';

export interface AlertResolvedData extends AlertIdentity {
  activeSince: string;
  resolvedAt: string;
  /** False for a pending alert that never fired (no notification is sent for it). */
  wasFiring: boolean;
  reason: ResolveReason;
  value: number | null;
}

export interface AlertAcknowledgedData {
  alertId: string;
  by: string;
  at: string;
  comment?: string;
}

export interface AlertUnacknowledgedData {
  alertId: string;
  by: string;
  at: string;
}

export interface AlertSilencedData {
  alertId: string;
  /** Ids of the silences and maintenance windows that match it now. */
  silenceIds: string[];
  maintenanceWindowIds: string[];
}

export interface AlertUnsilencedData {
  alertId: string;
}

/** Why an alert is inhibited: its service depends on one that is down, or a label rule. */
export type InhibitionCause =
  | { kind: 'dependency'; service: string; dependency: string; causeAlertId?: string }
  | { kind: 'rule'; inhibitRuleId: string; causeAlertId: string };

export interface AlertInhibitedData {
  alertId: string;
  causes: InhibitionCause[];
}

export interface AlertUninhibitedData {
  alertId: string;
}

export interface AlertFlappingData extends AlertIdentity {
  /** State changes counted in the window. */
  changes: number;
  windowMs: number;
  at: string;
}

export interface AlertFlapSettledData {
  alertId: string;
  ruleId: string;
  fingerprint: string;
  at: string;
}

export interface AlertEscalatedData {
  alertId: string;
  policyId: string;
  /** Index of the tier now notified (0 = first), and which repetition of the policy. */
  tier: number;
  round: number;
  at: string;
}

/** What a notification says about one alert. */
export interface NotifiedAlert {
  alertId: string;
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  severity: Severity;
  activeSince: string;
  resolvedAt?: string;
  value: number | null;
}

/** `remediation`: a message from healing (a runbook's notify step, or an escalation to humans). */
export type NotificationReason = 'group' | 'repeat' | 'escalation' | 'flapping' | 'resolved' | 'remediation';

export interface NotificationRequestedData {
  notificationId: string;
  /** Sent to receivers (header `Idempotency-Key`, e-mail `Message-ID`): a retry carries the same one. */
  idempotencyKey: string;
  receiverId: string;
  receiverName: string;
  /** The aggregation group (route + group-by label values), or the alert for escalations. */
  groupKey: string;
  groupLabels: Record<string, string>;
  status: 'firing' | 'resolved';
  reason: NotificationReason;
  alerts: NotifiedAlert[];
  /** When the flush or escalation step was due (ISO): with groupKey it names the decision. */
  decidedAt: string;
  /** The text healing asked to send (reason `remediation`). */
  message?: string;
  /** The healing event it answers (reason `remediation`): replays know it was handled. */
  sourceEventId?: string;
}

export interface NotificationAttemptedData {
  notificationId: string;
  receiverId: string;
  attempt: number;
  /** Where it went, without secrets: `webhook https://host/path`, `smtp mail.example.org:587`. */
  destination: string;
  outcome: 'delivered' | 'failed' | 'circuit_open';
  /** HTTP status or SMTP reply code, when there was one. */
  code?: number;
  error?: string;
  durationMs: number;
}

export interface NotificationDeliveredData {
  notificationId: string;
  receiverId: string;
  attempts: number;
}

export interface NotificationFailedData {
  notificationId: string;
  receiverId: string;
  attempts: number;
  error: string;
  /** False when retrying cannot help (4xx, SMTP 5xx, a missing secret). */
  retryable: boolean;
}
