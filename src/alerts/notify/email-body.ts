import { createHash } from 'node:crypto';
import type { NotificationRequestedData, NotifiedAlert } from '../alert-events.js';
import { alertSummary, listedAlerts, notificationTitle, oneLine, runbookUrl } from './notification-text.js';

/** Label values and annotations come from monitored systems: never markup in an e-mail. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/**
 * `<key@vigia>`: every retry of a notification carries the same Message-ID, so mail systems
 * can drop duplicates. A key that is not a valid id part is hashed.
 */
export function emailMessageId(idempotencyKey: string): string {
  const local =
    idempotencyKey.length <= 200 && DOT_ATOM.test(idempotencyKey)
      ? idempotencyKey
      : createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40);
  return `<${local}@vigia>`;
}

/** The subject: the notification's title, `[FIRING:2] high-cpu (service=api)`. */
export function emailSubject(notification: NotificationRequestedData): string {
  return notificationTitle(notification);
}

function labelsText(alert: NotifiedAlert): string {
  return Object.entries(alert.labels)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
}

/** The plain-text body: every alert with its summary, labels, times and runbook. */
export function emailText(notification: NotificationRequestedData): string {
  const { alerts, more } = listedAlerts(notification);
  const parts = [notificationTitle(notification), ''];
  if (notification.message) parts.push(oneLine(notification.message), '');
  for (const alert of alerts) {
    parts.push(`[${alert.status.toUpperCase()}] ${alert.severity}: ${alertSummary(alert)}`);
    parts.push(`  labels: ${labelsText(alert)}`);
    parts.push(`  since: ${alert.activeSince}${alert.resolvedAt ? `, resolved: ${alert.resolvedAt}` : ''}`);
    const runbook = runbookUrl(alert);
    if (runbook) parts.push(`  runbook: ${runbook}`);
    parts.push('');
  }
  if (more > 0) parts.push(`… and ${more} more`);
  parts.push(`Notification ${notification.notificationId} (${notification.reason}) from Vigia.`);
  return parts.join('\n');
}

function alertRow(alert: NotifiedAlert): string {
  const runbook = runbookUrl(alert);
  const link = runbook ? ` <a href="${escapeHtml(runbook)}">runbook</a>` : '';
  const colour = alert.status === 'firing' ? '#b00020' : '#2e7d32';
  return [
    '<tr>',
    `<td style="color:${colour};font-weight:bold;vertical-align:top">${escapeHtml(alert.status.toUpperCase())}</td>`,
    `<td style="vertical-align:top">${escapeHtml(alert.severity)}</td>`,
    `<td><div>${escapeHtml(alertSummary(alert))}${link}</div>`,
    `<div style="color:#555;font-size:12px">${escapeHtml(labelsText(alert))}</div>`,
    `<div style="color:#555;font-size:12px">since ${escapeHtml(alert.activeSince)}${alert.resolvedAt ? `, resolved ${escapeHtml(alert.resolvedAt)}` : ''}</div></td>`,
    '</tr>',
  ].join('');
}

/** The HTML body; everything that came from an alert is escaped. */
export function emailHtml(notification: NotificationRequestedData): string {
  const { alerts, more } = listedAlerts(notification);
  const rows = alerts.map(alertRow).join('\n');
  const moreRow = more > 0 ? `<p>… and ${more} more</p>` : '';
  return [
    '<!doctype html>',
    '<html><body style="font-family:sans-serif">',
    `<h2>${escapeHtml(notificationTitle(notification))}</h2>`,
    notification.message ? `<p>${escapeHtml(oneLine(notification.message))}</p>` : '',
    `<table cellpadding="6" style="border-collapse:collapse">\n${rows}\n</table>`,
    moreRow,
    `<p style="color:#777;font-size:12px">Notification ${escapeHtml(notification.notificationId)} (${escapeHtml(notification.reason)}) from Vigia.</p>`,
    '</body></html>',
  ].join('\n');
}
