/**
 * The part of the healing module's event contract alerting delivers. Alerting never imports the
 * healing module (sibling modules meet only through events), so the name is listed here;
 * test/alerts-contract.test.ts checks it against the healing module's own.
 */
export const HealingContract = {
  notificationRequested: 'healing.notification_requested',
} as const;

/**
 * `healing.notification_requested` data: a runbook's notify step, or healing handing an alert
 * over to humans. Alerting delivers it through its receivers: the ones named, or, when none are,
 * the receivers the labels route to (the people the alert itself goes to).
 */
export interface HealingNotificationFields {
  /** The alert it is about; absent for runbooks started by an event. */
  alertId?: string;
  /** The alert's labels (or the triggering event's): routes match on them. */
  labels: Record<string, string>;
  /** Receivers by name; empty means "where the labels route". */
  receivers: string[];
  /** One line for a person, rendered by healing. */
  message: string;
  kind: 'step' | 'escalation';
}
