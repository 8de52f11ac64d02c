import type { RecordedEvent } from '../../events/index.js';
import type { CheckStatus, MonitorStatus } from './diagnosis-context.js';
import { KEPT_SERIES, ObservedEvents } from './observed-events.js';

/** What one observed event says, in the keeper's terms; payload fields it does not read are dropped. */
export type Observation =
  | { kind: 'monitor_defined'; monitorId: string; name: string; service: string | null; dependsOn: string[] }
  | { kind: 'monitor_deleted'; monitorId: string }
  | {
      kind: 'check';
      monitorId: string;
      monitor: string;
      service: string;
      status: CheckStatus;
      latencyMs: number;
      message: string;
      atMs: number;
    }
  | {
      kind: 'status';
      monitorId: string;
      monitor: string;
      service: string;
      to: MonitorStatus;
      message: string;
    }
  | { kind: 'samples'; samples: ObservedSample[] }
  | {
      kind: 'alert_fired';
      alertId: string;
      ruleName: string;
      service: string | null;
      severity: string;
      firedAtMs: number;
    }
  | { kind: 'alert_resolved'; alertId: string }
  | { kind: 'alert_inhibited'; alertId: string; causes: ObservedInhibition[] }
  | { kind: 'alert_uninhibited'; alertId: string }
  | { kind: 'breaker'; policy: string; to: string; reason: string }
  | {
      kind: 'change';
      changeId: string;
      change: 'deploy' | 'config';
      service: string | null;
      description: string;
      atMs: number;
    };

/** A sample of a kept series that names its service. */
export interface ObservedSample {
  service: string;
  metric: string;
  value: number;
  timestampMs: number;
}

export interface ObservedInhibition {
  service: string;
  dependency: string;
  causeAlertId: string | null;
}

const CHECK_STATUSES: ReadonlySet<string> = new Set(['up', 'degraded', 'down']);
const MONITOR_STATUSES: ReadonlySet<string> = new Set(['up', 'degraded', 'down', 'paused', 'unknown']);
/** Longest text kept from a payload (messages, descriptions): evidence is for reading, not archiving. */
const TEXT_LIMIT = 300;

/**
 * Reads an observed event; undefined for another type or a payload without the fields diagnosis
 * needs (events may be appended by admins through the events API, so nothing is trusted).
 */
export function readObservation(event: RecordedEvent): Observation | undefined {
  const data = record(event.data);
  if (!data) return undefined;
  const eventMs = event.time.getTime();
  switch (event.type) {
    case ObservedEvents.monitorCreated:
    case ObservedEvents.monitorUpdated:
      return readDefinition(data);
    case ObservedEvents.monitorDeleted:
      return text(data.id) ? { kind: 'monitor_deleted', monitorId: data.id } : undefined;
    case ObservedEvents.checkCompleted:
      return readCheck(data, eventMs);
    case ObservedEvents.statusChanged:
      return readStatus(data);
    case ObservedEvents.samplesRecorded:
      return readSamples(data);
    case ObservedEvents.alertFired:
      return readFired(data, eventMs);
    case ObservedEvents.alertResolved:
      return text(data.alertId) ? { kind: 'alert_resolved', alertId: data.alertId } : undefined;
    case ObservedEvents.alertInhibited:
      return readInhibited(data);
    case ObservedEvents.alertUninhibited:
      return text(data.alertId) ? { kind: 'alert_uninhibited', alertId: data.alertId } : undefined;
    case ObservedEvents.circuitStateChanged:
      return text(data.policy) && text(data.to)
        ? { kind: 'breaker', policy: data.policy, to: data.to, reason: clip(data.reason) }
        : undefined;
    case ObservedEvents.configReloaded:
      return readConfigReload(data, event.id, eventMs);
    case ObservedEvents.changeRecorded:
      return readChange(data, eventMs);
    default:
      return undefined;
  }
}

function readDefinition(data: Record<string, unknown>): Observation | undefined {
  const doc = record(data.doc);
  if (!text(data.id) || !doc) return undefined;
  const dependsOn = Array.isArray(doc.dependsOn) ? doc.dependsOn.filter(text) : [];
  return {
    kind: 'monitor_defined',
    monitorId: data.id,
    name: text(doc.name) ? doc.name : data.id,
    service: text(doc.service) ? doc.service : null,
    dependsOn: [...new Set(dependsOn)],
  };
}

function readCheck(data: Record<string, unknown>, eventMs: number): Observation | undefined {
  if (!text(data.monitorId) || !text(data.service) || !CHECK_STATUSES.has(String(data.status)))
    return undefined;
  return {
    kind: 'check',
    monitorId: data.monitorId,
    monitor: text(data.monitor) ? data.monitor : data.monitorId,
    service: data.service,
    status: data.status as CheckStatus,
    latencyMs: finite(data.latencyMs) && data.latencyMs >= 0 ? data.latencyMs : 0,
    message: clip(data.message),
    atMs: timeMs(data.startedAt) ?? eventMs,
  };
}

function readStatus(data: Record<string, unknown>): Observation | undefined {
  if (!text(data.monitorId) || !text(data.service) || !MONITOR_STATUSES.has(String(data.to)))
    return undefined;
  return {
    kind: 'status',
    monitorId: data.monitorId,
    monitor: text(data.monitor) ? data.monitor : data.monitorId,
    service: data.service,
    to: data.to as MonitorStatus,
    message: clip(data.message),
  };
}

function readSamples(data: Record<string, unknown>): Observation | undefined {
  if (!Array.isArray(data.samples)) return undefined;
  const samples: ObservedSample[] = [];
  for (const entry of data.samples) {
    const sample = record(entry);
    const service = record(sample?.labels)?.service;
    if (!sample || !text(sample.name) || !KEPT_SERIES.has(sample.name) || !text(service)) continue;
    if (!finite(sample.value) || !finite(sample.timestamp)) continue;
    samples.push({ service, metric: sample.name, value: sample.value, timestampMs: sample.timestamp });
  }
  return samples.length > 0 ? { kind: 'samples', samples } : undefined;
}

function readFired(data: Record<string, unknown>, eventMs: number): Observation | undefined {
  if (!text(data.alertId)) return undefined;
  const labels = record(data.labels) ?? {};
  return {
    kind: 'alert_fired',
    alertId: data.alertId,
    ruleName: text(data.ruleName) ? data.ruleName : text(labels.alertname) ? labels.alertname : '',
    service: text(labels.service) ? labels.service : null,
    severity: text(data.severity) ? data.severity : '',
    firedAtMs: timeMs(data.firedAt) ?? eventMs,
  };
}

function readInhibited(data: Record<string, unknown>): Observation | undefined {
  if (!text(data.alertId) || !Array.isArray(data.causes)) return undefined;
  const causes: ObservedInhibition[] = [];
  for (const entry of data.causes) {
    const cause = record(entry);
    if (cause?.kind !== 'dependency' || !text(cause.service) || !text(cause.dependency)) continue;
    causes.push({
      service: cause.service,
      dependency: cause.dependency,
      causeAlertId: text(cause.causeAlertId) ? cause.causeAlertId : null,
    });
  }
  return { kind: 'alert_inhibited', alertId: data.alertId, causes };
}

/** A reload counts as a change only when it created, updated or deleted something (or does not say). */
function readConfigReload(
  data: Record<string, unknown>,
  eventId: string,
  eventMs: number,
): Observation | undefined {
  // The configuration applied when Vigia starts is where monitoring begins, not a change to a service.
  if (data.trigger === 'start') return undefined;
  const monitors = changedCounts(data.counts);
  const alerts = changedCounts(record(data.alerts)?.counts);
  if (monitors === 0 && (alerts === 0 || alerts === undefined)) return undefined;
  const parts: string[] = [];
  if (monitors !== undefined) parts.push(`${monitors} monitor definition(s) changed`);
  if (alerts !== undefined && alerts > 0) parts.push(`${alerts} alerting definition(s) changed`);
  const file = text(data.file) ? ` from ${clip(data.file)}` : '';
  return {
    kind: 'change',
    changeId: eventId,
    change: 'config',
    service: null,
    description: `configuration reloaded${file}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`,
    atMs: eventMs,
  };
}

function readChange(data: Record<string, unknown>, eventMs: number): Observation | undefined {
  if (!text(data.changeId) || (data.kind !== 'deploy' && data.kind !== 'config')) return undefined;
  return {
    kind: 'change',
    changeId: data.changeId,
    change: data.kind,
    service: text(data.service) ? data.service : null,
    description: clip(data.description),
    atMs: timeMs(data.at) ?? eventMs,
  };
}

/** created + updated + deleted of a reload summary's `counts`, or undefined when it has none. */
function changedCounts(value: unknown): number | undefined {
  const counts = record(value);
  if (!counts) return undefined;
  let total = 0;
  for (const key of ['created', 'updated', 'deleted']) {
    const count = counts[key];
    if (finite(count) && count > 0) total += count;
  }
  return total;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function clip(value: unknown): string {
  if (typeof value !== 'string') return '';
  return value.length > TEXT_LIMIT ? `${value.slice(0, TEXT_LIMIT - 1)}…` : value;
}

/** Epoch ms of an ISO text or an epoch-ms number, or undefined. */
function timeMs(value: unknown): number | undefined {
  if (finite(value)) return value;
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
