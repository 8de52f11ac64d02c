import { incidentPath, servicePath } from '../../routes.js';
import { type AlertView, SEVERITIES, type Severity } from './alert-types.js';

/** Position of a severity in the listing order (critical first; an unknown one last). */
export function severityRank(severity: string): number {
  const rank = SEVERITIES.indexOf(severity as Severity);
  return rank === -1 ? SEVERITIES.length : rank;
}

/** Alerts by severity (critical → info), the newest first within a severity; the input is left as it is. */
export function sortBySeverity(alerts: ReadonlyArray<AlertView>): AlertView[] {
  return [...alerts].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      Date.parse(b.activeSince) - Date.parse(a.activeSince) ||
      a.alertId.localeCompare(b.alertId),
  );
}

/** How many alerts there are of each severity, most severe first, leaving out severities with none. */
export function countBySeverity(
  alerts: ReadonlyArray<AlertView>,
): Array<{ severity: Severity; count: number }> {
  return SEVERITIES.map((severity) => ({
    severity,
    count: alerts.filter((a) => a.severity === severity).length,
  })).filter((c) => c.count > 0);
}

/** The active alerts as the tabs show them: all (sorted), and those silenced, and those inhibited. */
export interface ActiveSplit {
  all: AlertView[];
  silenced: AlertView[];
  inhibited: AlertView[];
}

/** Splits active alerts for the Active, Silenced and Inhibited tabs (an alert may be in both of the last two). */
export function splitActive(alerts: ReadonlyArray<AlertView>): ActiveSplit {
  const all = sortBySeverity(alerts.filter((a) => a.state !== 'resolved'));
  return {
    all,
    silenced: all.filter((a) => a.silencedBy.length > 0),
    inhibited: all.filter((a) => a.inhibitedBy.length > 0),
  };
}

/** One cause of an inhibition as shown: what to call it and where its page is. */
export interface CauseLink {
  text: string;
  href: string;
}

/**
 * The causes of an alert's inhibition, each linked: to the cause alert's timeline when there is
 * one (named by its rule and service when it is among `known`), else to the dependency's service page.
 */
export function inhibitionLinks(alert: AlertView, known: ReadonlyMap<string, AlertView>): CauseLink[] {
  return alert.inhibitedBy.map((cause) => {
    const causeAlert = cause.causeAlertId ? known.get(cause.causeAlertId) : undefined;
    if (cause.kind === 'dependency') {
      return cause.causeAlertId
        ? {
            text: `${cause.dependency} (${causeAlert?.ruleName ?? 'its alert'})`,
            href: incidentPath(cause.causeAlertId),
          }
        : { text: cause.dependency, href: servicePath(cause.dependency) };
    }
    const text = causeAlert
      ? `${causeAlert.ruleName}${causeAlert.service ? ` on ${causeAlert.service}` : ''}`
      : `alert ${cause.causeAlertId.slice(0, 8)}`;
    return { text, href: incidentPath(cause.causeAlertId) };
  });
}
