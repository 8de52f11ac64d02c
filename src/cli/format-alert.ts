import { type AlertView, type InhibitionCause, silenceState, type TimelineEntry } from '../alerts/index.js';
import { cell, formatTable } from './format-table.js';

/** The alert read model's views, as the API returns them (JSON of the same shape). */
export type { AlertView, TimelineEntry } from '../alerts/index.js';

/** A silence as the resource routes return it. */
export interface SilenceView {
  id: string;
  version: number;
  matchers: string[];
  startsAt: string;
  endsAt: string;
  comment: string;
  createdBy?: string;
  [field: string]: unknown;
}

/** An alert rule as the resource routes return it. */
export interface RuleView {
  id: string;
  version: number;
  name: string;
  severity: string;
  enabled?: boolean;
  for?: string;
  managedBy?: string;
  condition?: { kind?: string; series?: string; [field: string]: unknown };
  [field: string]: unknown;
}

/** One change of a dry-run alert: pending, fired, resolved, flapping … */
export interface BacktestTransition {
  type: string;
  at: string;
  labels: Record<string, string>;
  value: number | null;
}

/** The answer to `POST /api/alert-rules/test`. */
export interface BacktestView {
  rule: string;
  from: string;
  to: string;
  samples: number;
  series: number;
  fired: number;
  truncated: boolean;
  transitions: BacktestTransition[];
}

/** Labels as matchers read them: `service="api", team="ops"`, `-` for none. */
export function formatLabels(
  labels: Readonly<Record<string, string>>,
  leaveOut: readonly string[] = [],
): string {
  const shown = Object.entries(labels)
    .filter(([name]) => !leaveOut.includes(name))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  return shown.length ? shown.join(', ') : '-';
}

/** One inhibition, short: `inhibited by db` (a dependency) or `inhibited by rule <id>`. */
function inhibitionText(cause: InhibitionCause): string {
  return cause.kind === 'dependency'
    ? `inhibited by ${cause.dependency}`
    : `inhibited by rule ${cause.inhibitRuleId}`;
}

/** What else there is to know about an alert, in one cell: acked, silenced, inhibited, flapping. */
export function alertNotes(alert: AlertView): string {
  const notes: string[] = [];
  if (alert.acknowledged) notes.push(`acked by ${alert.acknowledged.by}`);
  if (alert.silencedBy.length) notes.push('silenced');
  for (const cause of alert.inhibitedBy) notes.push(inhibitionText(cause));
  if (alert.flapping) notes.push('flapping');
  return notes.length ? notes.join(', ') : '-';
}

/** When the alert entered its current state. */
function since(alert: AlertView): string {
  if (alert.state === 'resolved') return alert.resolvedAt ?? alert.activeSince;
  if (alert.state === 'firing') return alert.firedAt ?? alert.activeSince;
  return alert.activeSince;
}

/** Alerts as a table; the full id, since people paste it into `alerts show` and `alerts ack`. */
export function alertTable(alerts: readonly AlertView[]): string[] {
  return formatTable(
    ['ID', 'STATE', 'SEVERITY', 'RULE', 'SERVICE', 'SINCE', 'VALUE', 'NOTES'],
    alerts.map((a) => [
      a.alertId,
      a.state,
      a.severity,
      a.ruleName,
      cell(a.service),
      since(a),
      cell(a.value),
      alertNotes(a),
    ]),
  );
}

function keyValueLines(rows: ReadonlyArray<readonly [string, string]>, indent = ''): string[] {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`);
}

/** A timeline entry's detail in one cell: `key=value` pairs, objects as JSON. */
function detailText(detail: Record<string, unknown>): string {
  const parts = Object.entries(detail ?? {})
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  return parts.length ? parts.join(' ') : '-';
}

/** One alert for people: its fields, its annotations, then its timeline in order. */
export function alertDetails(alert: AlertView, timeline: readonly TimelineEntry[]): string[] {
  const rows: Array<[string, string]> = [
    ['id', alert.alertId],
    ['state', alert.state],
    ['severity', alert.severity],
    ['rule', `${alert.ruleName} (${alert.ruleId})`],
    ['service', cell(alert.service)],
    ['labels', formatLabels(alert.labels)],
    ['value', cell(alert.value)],
    ['activeSince', alert.activeSince],
    ['firedAt', cell(alert.firedAt)],
    ['resolvedAt', cell(alert.resolvedAt)],
    ['acknowledged', alert.acknowledged ? `by ${alert.acknowledged.by} at ${alert.acknowledged.at}` : 'no'],
    ['silencedBy', alert.silencedBy.length ? alert.silencedBy.join(', ') : '-'],
    ['inhibitedBy', alert.inhibitedBy.length ? alert.inhibitedBy.map(inhibitionText).join(', ') : '-'],
    ['flapping', alert.flapping ? 'yes' : 'no'],
    ['fingerprint', alert.fingerprint],
  ];
  const lines = keyValueLines(rows);
  const annotations = Object.entries(alert.annotations ?? {});
  lines.push('', 'Annotations:');
  if (annotations.length) lines.push(...keyValueLines(annotations, '  '));
  else lines.push('  (none)');
  lines.push('', 'Timeline:');
  const ordered = [...timeline].sort((a, b) => a.position - b.position);
  if (ordered.length) {
    const table = formatTable(
      ['AT', 'TYPE', 'ACTOR', 'DETAIL'],
      ordered.map((e) => [e.at, e.type, cell(e.actor), detailText(e.detail)]),
    );
    lines.push(...table.map((line) => `  ${line}`));
  } else lines.push('  (empty)');
  return lines;
}

/** Silences as a table; STATE (pending, active, expired) is computed at `nowMs`. */
export function silenceTable(silences: readonly SilenceView[], nowMs = Date.now()): string[] {
  return formatTable(
    ['ID', 'STATE', 'MATCHERS', 'ENDS', 'BY', 'COMMENT'],
    silences.map((s) => [
      s.id,
      silenceState(s, nowMs),
      s.matchers.join(', '),
      s.endsAt,
      cell(s.createdBy),
      cell(s.comment),
    ]),
  );
}

/** Alert rules as a table; FROM says whether vigia.yaml (config) or the API owns a rule. */
export function ruleTable(rules: readonly RuleView[]): string[] {
  return formatTable(
    ['NAME', 'SEVERITY', 'KIND', 'SERIES', 'FOR', 'ENABLED', 'FROM'],
    rules.map((r) => [
      r.name,
      r.severity,
      cell(r.condition?.kind),
      cell(r.condition?.series),
      cell(r.for),
      r.enabled === false ? 'no' : 'yes',
      r.managedBy === 'config' ? 'config' : 'api',
    ]),
  );
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A dry run for people: how often the rule would have fired, then each transition. */
export function backtestLines(result: BacktestView): string[] {
  const lines = [
    `Rule "${result.rule}" would have fired ${plural(result.fired, 'time', 'times')} over ` +
      `${plural(result.samples, 'sample', 'samples')} in ${result.series} series ` +
      `(from ${result.from} to ${result.to}).`,
  ];
  if (result.truncated) {
    lines.push('The history was cut short (too many events): narrow --from and --to for a complete answer.');
  }
  if (!result.transitions.length) return lines;
  lines.push('');
  lines.push(
    ...formatTable(
      ['AT', 'TYPE', 'LABELS', 'VALUE'],
      result.transitions.map((t) => [
        t.at,
        t.type,
        formatLabels(t.labels, ['alertname', 'severity']),
        cell(t.value),
      ]),
    ),
  );
  return lines;
}
