import { cell, formatTable } from './format-table.js';

/** A monitor as the API returns it: its document plus id, version and times. */
export interface MonitorView {
  id: string;
  version: number;
  name: string;
  service: string;
  kind: string;
  createdAt?: string;
  updatedAt?: string;
  [field: string]: unknown;
}

/** A monitor's current status, as `GET /api/status/monitors` and `GET /api/monitors/:id/status` return it. */
export interface MonitorStatusView {
  monitorId: string;
  monitor: string;
  service: string;
  kind: string;
  status: string;
  since: string;
  lastCheckAt: string | null;
  lastLatencyMs: number | null;
  lastMessage: string;
  checks: number;
  /** Uptime % per window (only on the single-monitor route). */
  uptime?: Record<string, number | null>;
}

/** What a monitor checks, in one short cell: the URL, host:port or hostname. */
export function monitorTarget(monitor: MonitorView): string {
  if (typeof monitor.url === 'string') return monitor.url;
  if (typeof monitor.host === 'string') return `${monitor.host}:${cell(monitor.port)}`;
  if (typeof monitor.hostname === 'string') return monitor.hostname;
  return '-';
}

/** Monitor definitions as a table. */
export function monitorTable(monitors: readonly MonitorView[]): string[] {
  return formatTable(
    ['NAME', 'SERVICE', 'KIND', 'TARGET', 'INTERVAL', 'STATE', 'ID'],
    monitors.map((m) => [
      m.name,
      m.service,
      m.kind,
      monitorTarget(m),
      typeof m.intervalSeconds === 'number' ? `${m.intervalSeconds}s` : 'default',
      m.paused === true ? 'paused' : 'active',
      m.id,
    ]),
  );
}

/** Monitor statuses as a table. */
export function statusTable(statuses: readonly MonitorStatusView[]): string[] {
  return formatTable(
    ['NAME', 'SERVICE', 'KIND', 'STATUS', 'SINCE', 'LATENCY', 'CHECKS', 'ID'],
    statuses.map((s) => [
      s.monitor,
      s.service,
      s.kind,
      s.status,
      s.since,
      s.lastLatencyMs === null ? '-' : `${cell(s.lastLatencyMs)} ms`,
      cell(s.checks),
      s.monitorId,
    ]),
  );
}

const VIEW_FIELDS = new Set(['id', 'version', 'createdAt', 'updatedAt']);

function shownValue(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : cell(value);
}

/** One monitor for people: every field of its definition, then its status and uptime (when it has one). */
export function monitorDetails(monitor: MonitorView, status: MonitorStatusView | null): string[] {
  const rows: Array<[string, string]> = [['id', monitor.id]];
  for (const [field, value] of Object.entries(monitor)) {
    if (!VIEW_FIELDS.has(field)) rows.push([field, shownValue(value)]);
  }
  rows.push(['version', String(monitor.version)], ['updatedAt', cell(monitor.updatedAt)]);
  if (status) {
    rows.push(
      ['status', `${status.status} since ${status.since}`],
      ['lastCheckAt', cell(status.lastCheckAt)],
      ['lastLatency', status.lastLatencyMs === null ? '-' : `${cell(status.lastLatencyMs)} ms`],
      ['lastMessage', cell(status.lastMessage)],
      ['checks', cell(status.checks)],
    );
    const uptime = Object.entries(status.uptime ?? {})
      .map(
        ([window, percent]) => `${window} ${percent === null ? '-' : `${cell(Number(percent.toFixed(3)))}%`}`,
      )
      .join('  ');
    if (uptime) rows.push(['uptime', uptime]);
  } else {
    rows.push(['status', 'not checked yet']);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`);
}
