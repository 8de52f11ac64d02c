import type { NotificationRequestedData, NotifiedAlert } from '../alert-events.js';
import { replaceControlCharacters } from './control-characters.js';

/** Alerts listed one by one in a chat message or e-mail; the rest are counted. */
export const MAX_LISTED_ALERTS = 50;

/** One line: control characters (line breaks in a label value …) become spaces. */
export function oneLine(text: string): string {
  return replaceControlCharacters(text).trim();
}

function alertNameOf(notification: NotificationRequestedData): string {
  const grouped = notification.groupLabels.alertname;
  if (grouped) return grouped;
  const names = [
    ...new Set(notification.alerts.map((a) => a.labels.alertname).filter((n) => n !== undefined)),
  ];
  if (names.length === 0) return notification.reason === 'remediation' ? 'remediation' : 'alerts';
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')}, …`;
}

/**
 * `[FIRING:2] high-cpu (service=api)`, `[RESOLVED] high-cpu (service=api)`, or for a message from
 * healing `[HEALING] service-down`.
 */
export function notificationTitle(notification: NotificationRequestedData): string {
  const firing = notification.alerts.filter((a) => a.status === 'firing').length;
  const prefix =
    notification.reason === 'remediation'
      ? '[HEALING]'
      : notification.status === 'firing'
        ? `[FIRING:${firing}]`
        : '[RESOLVED]';
  const labels = Object.entries(notification.groupLabels)
    .filter(([name]) => name !== 'alertname')
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
  return oneLine(`${prefix} ${alertNameOf(notification)}${labels ? ` (${labels})` : ''}`);
}

/** What the alert says: its `summary` (or `description`) annotation, else its name and labels. */
export function alertSummary(alert: NotifiedAlert): string {
  const text = alert.annotations.summary ?? alert.annotations.description;
  if (text) return oneLine(text);
  const labels = Object.entries(alert.labels)
    .filter(([name]) => name !== 'alertname' && name !== 'severity')
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
  return oneLine(`${alert.labels.alertname ?? 'alert'}${labels ? ` (${labels})` : ''}`);
}

/** The `runbook_url` (or `runbook`) annotation when it is an http(s) URL; links to anything else are not made. */
export function runbookUrl(alert: NotifiedAlert): string | undefined {
  const text = alert.annotations.runbook_url ?? alert.annotations.runbook;
  if (!text) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The alerts to list (firing first) and how many were left out. */
export function listedAlerts(notification: NotificationRequestedData): {
  alerts: NotifiedAlert[];
  more: number;
} {
  const ordered = [...notification.alerts].sort(
    (a, b) =>
      (a.status === b.status ? 0 : a.status === 'firing' ? -1 : 1) ||
      a.activeSince.localeCompare(b.activeSince),
  );
  return {
    alerts: ordered.slice(0, MAX_LISTED_ALERTS),
    more: Math.max(0, ordered.length - MAX_LISTED_ALERTS),
  };
}

/** `[FIRING] critical: CPU above 90% on api-1 — runbook: https://…` */
export function alertLine(alert: NotifiedAlert): string {
  const runbook = runbookUrl(alert);
  return `[${alert.status.toUpperCase()}] ${alert.severity}: ${alertSummary(alert)}${runbook ? ` — runbook: ${runbook}` : ''}`;
}

/** The plain-text body: title, one line per alert, and how many more. */
export function notificationPlainText(notification: NotificationRequestedData): string {
  const { alerts, more } = listedAlerts(notification);
  const lines = [notificationTitle(notification), ''];
  if (notification.message) lines.push(oneLine(notification.message), '');
  lines.push(...alerts.map(alertLine));
  if (more > 0) lines.push(`… and ${more} more`);
  return lines.join('\n');
}
