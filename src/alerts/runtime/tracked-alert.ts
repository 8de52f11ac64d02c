import type {
  AlertFiredData,
  AlertPendingData,
  InhibitionCause,
  NotifiedAlert,
  Severity,
} from '../alert-events.js';
import type { MatchedRoute } from '../dispatch/route-tree.js';

/** An alert as the notification loop keeps it: what it needs to route, mute and describe it. */
export interface TrackedAlert {
  alertId: string;
  ruleId: string;
  ruleName: string;
  labels: Record<string, string>;
  severity: Severity;
  annotations: Record<string, string>;
  activeSince: string;
  value: number | null;
  status: 'pending' | 'firing' | 'resolved';
  resolvedAt?: string;
  acknowledged: boolean;
  flapping: boolean;
  /** The routes it took when it fired (kept, so its resolve goes where its firing went). */
  routes: MatchedRoute[];
  silencedBy: string[];
  maintenanceBy: string[];
  inhibitedBy: InhibitionCause[];
}

/** Whether notifications about the alert's firing are held back now. */
export function isMuted(alert: TrackedAlert): boolean {
  return (
    alert.acknowledged ||
    alert.flapping ||
    alert.silencedBy.length > 0 ||
    alert.maintenanceBy.length > 0 ||
    alert.inhibitedBy.length > 0
  );
}

/**
 * How a notification describes the alert. A recovery is announced at severity `info` (the
 * original severity stays in the `severity` label).
 */
export function notifiedAlert(alert: TrackedAlert): NotifiedAlert {
  const resolved = alert.status === 'resolved';
  return {
    alertId: alert.alertId,
    status: resolved ? 'resolved' : 'firing',
    labels: alert.labels,
    annotations: alert.annotations,
    severity: resolved ? 'info' : alert.severity,
    activeSince: alert.activeSince,
    ...(alert.resolvedAt === undefined ? {} : { resolvedAt: alert.resolvedAt }),
    value: alert.value,
  };
}

/** A newly learnt alert (from its pending or fired event): not muted, not routed yet. */
export function trackedAlertOf(data: AlertPendingData | AlertFiredData): TrackedAlert {
  return {
    alertId: data.alertId,
    ruleId: data.ruleId,
    ruleName: data.ruleName,
    labels: data.labels,
    severity: data.severity,
    annotations: data.annotations,
    activeSince: data.activeSince,
    value: data.value,
    status: 'pending',
    acknowledged: false,
    flapping: false,
    routes: [],
    silencedBy: [],
    maintenanceBy: [],
    inhibitedBy: [],
  };
}
