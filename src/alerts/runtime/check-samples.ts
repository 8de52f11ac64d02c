import type { RecordedEvent } from '../../events/index.js';
import {
  type CheckCompletedFields,
  MonitorContract,
  type MonitorDefinitionData,
  type StatusChangedFields,
} from '../monitor-contract.js';

/** A sample as the evaluator takes it (the evaluate module's Sample). */
export interface SeriesSample {
  name: string;
  labels: Readonly<Record<string, string>>;
  value: number;
  timestamp: number;
}

/** Series the runtime derives from check results (rules name them; see docs/alert-rules.md). */
export const CHECK_SERIES_NAMES = {
  up: 'vigia_monitor_up',
  latencyMs: 'vigia_check_latency_ms',
  certificateDaysLeft: 'vigia_certificate_days_left',
} as const;

/** What alerting keeps of a monitor definition: its own labels, service and dependencies. */
export interface MonitorFacts {
  labels: Record<string, string>;
  service: string;
  dependsOn: string[];
}

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set(['monitor', 'monitor_id', 'service', 'kind', '__name__']);

/** The facts of a `monitor.monitor_created | _updated` event; undefined when the document is unusable. */
export function monitorFactsOf(event: RecordedEvent): { id: string; facts?: MonitorFacts } | undefined {
  const data = event.data as MonitorDefinitionData | undefined;
  if (!data || typeof data.id !== 'string') return undefined;
  if (event.type === MonitorContract.monitorDeleted) return { id: data.id };
  const doc = data.doc;
  if (!doc || typeof doc.service !== 'string') return { id: data.id };
  const labels: Record<string, string> = {};
  if (doc.labels && typeof doc.labels === 'object') {
    for (const [name, value] of Object.entries(doc.labels as Record<string, unknown>)) {
      // Monitor labels become series labels; names that are not label names (vigia.managed-by) are skipped.
      if (typeof value === 'string' && LABEL_NAME.test(name) && !RESERVED.has(name)) labels[name] = value;
    }
  }
  const dependsOn = Array.isArray(doc.dependsOn)
    ? doc.dependsOn.filter((s): s is string => typeof s === 'string')
    : [];
  return { id: data.id, facts: { labels, service: doc.service, dependsOn } };
}

/**
 * The samples a check result stands for: `vigia_monitor_up` (1 unless down), the check latency,
 * and the days left on the certificate when the check saw one. Timestamps are the event's time,
 * so replaying the log gives the same samples.
 */
export function checkSamples(event: RecordedEvent, monitor: MonitorFacts | undefined): SeriesSample[] {
  const data = event.data as Partial<CheckCompletedFields> | undefined;
  if (!data || typeof data.monitorId !== 'string' || typeof data.status !== 'string') return [];
  const labels: Record<string, string> = {
    ...(monitor?.labels ?? {}),
    monitor: String(data.monitor ?? ''),
    monitor_id: data.monitorId,
    service: String(data.service ?? monitor?.service ?? ''),
    kind: String(data.kind ?? ''),
  };
  const timestamp = event.time.getTime();
  const samples: SeriesSample[] = [
    { name: CHECK_SERIES_NAMES.up, labels, value: data.status === 'down' ? 0 : 1, timestamp },
  ];
  if (typeof data.latencyMs === 'number' && Number.isFinite(data.latencyMs)) {
    samples.push({ name: CHECK_SERIES_NAMES.latencyMs, labels, value: data.latencyMs, timestamp });
  }
  const daysLeft = data.details?.certificateDaysLeft;
  if (typeof daysLeft === 'number' && Number.isFinite(daysLeft)) {
    samples.push({ name: CHECK_SERIES_NAMES.certificateDaysLeft, labels, value: daysLeft, timestamp });
  }
  return samples;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/**
 * The well-formed samples of a `metric.samples_recorded` event. An admin may append any event
 * through the events API, so nothing is trusted: malformed samples are skipped.
 */
export function recordedMetricSamples(event: RecordedEvent): SeriesSample[] {
  const data = event.data as { samples?: unknown } | undefined;
  if (!data || !Array.isArray(data.samples)) return [];
  const samples: SeriesSample[] = [];
  for (const raw of data.samples as Array<Record<string, unknown> | null>) {
    if (typeof raw !== 'object' || raw === null) continue;
    const { name, value, labels, timestamp } = raw;
    if (typeof name !== 'string' || !METRIC_NAME.test(name)) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp)) continue;
    if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) continue;
    if (!Object.values(labels).every((v) => typeof v === 'string')) continue;
    samples.push({ name, value, labels: labels as Record<string, string>, timestamp });
  }
  return samples;
}

/** The monitor and its new status of a `monitor.status_changed` event. */
export function statusChangeOf(event: RecordedEvent): { monitorId: string; status: string } | undefined {
  const data = event.data as Partial<StatusChangedFields> | undefined;
  if (!data || typeof data.monitorId !== 'string' || typeof data.to !== 'string') return undefined;
  return { monitorId: data.monitorId, status: data.to };
}
