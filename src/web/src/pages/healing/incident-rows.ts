import type { AlertView, RemediationView } from './healing-types.js';

/** One line of the incidents list: an alert occurrence (or a remediation) and how healing did. */
export interface IncidentRow {
  alertId: string;
  ruleName: string;
  /** The service the alert is about (the remediation's target). */
  target: string;
  severity: AlertView['severity'] | null;
  /** When it started: the alert fired (or, listed by remediation, healing planned). */
  startedAt: string;
  /** The alert's state, when the row comes from the alert. */
  alertState: AlertView['state'] | null;
  remediation: RemediationView | null;
}

/**
 * Rows for alert occurrences, each with its remediation when `remediations` has it. Alerts that
 * never fired (pending, or pending then resolved) are no incident and are left out.
 */
export function rowsFromAlerts(
  alerts: ReadonlyArray<AlertView>,
  remediations: ReadonlyArray<RemediationView>,
): IncidentRow[] {
  const byAlert = new Map(remediations.map((r) => [r.alertId, r]));
  return alerts
    .filter((alert) => alert.firedAt !== null)
    .map((alert) => ({
      alertId: alert.alertId,
      ruleName: alert.ruleName,
      target: byAlert.get(alert.alertId)?.target ?? alert.service,
      severity: alert.severity,
      startedAt: alert.firedAt ?? alert.activeSince,
      alertState: alert.state,
      remediation: byAlert.get(alert.alertId) ?? null,
    }));
}

/** Rows for remediations (a list filtered by remediation status). */
export function rowsFromRemediations(remediations: ReadonlyArray<RemediationView>): IncidentRow[] {
  return remediations.map((r) => ({
    alertId: r.alertId,
    ruleName: r.ruleName,
    target: r.target ?? '',
    severity: null,
    startedAt: r.startedAt,
    alertState: null,
    remediation: r,
  }));
}

/**
 * Whether the remediations read so far (newest first) reach back to `oldestStart`: every
 * remediation of an alert that started then or later is among them (a remediation starts after its alert).
 */
export function remediationsReachBack(
  remediations: ReadonlyArray<RemediationView>,
  next: string | null,
  oldestStart: string | undefined,
): boolean {
  if (next === null || oldestStart === undefined) return true;
  const last = remediations[remediations.length - 1];
  return last !== undefined && Date.parse(last.startedAt) < Date.parse(oldestStart);
}

/** The remediations waiting for an approval, oldest request first (the one waiting longest). */
export function waitingForApproval(remediations: ReadonlyArray<RemediationView>): RemediationView[] {
  return remediations
    .filter((r) => r.status === 'awaiting_approval')
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/** The step a remediation waits on (its step in state awaiting_approval), when it does. */
export function stepAwaitingApproval(remediation: Pick<RemediationView, 'steps'>): string | undefined {
  return remediation.steps.find((s) => s.state === 'awaiting_approval')?.name;
}
