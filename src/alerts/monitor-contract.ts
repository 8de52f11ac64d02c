/**
 * The part of the monitor module's event contract the alerts module reads. Alerts never imports
 * the monitor module (sibling modules meet only through events), so the names it follows are
 * listed here; test/alerts-contract.test.ts checks they still equal the monitor module's own.
 */
export const MonitorContract = {
  definitionPrefix: 'monitor.monitor_',
  monitorDeleted: 'monitor.monitor_deleted',
  checkCompleted: 'monitor.check_completed',
  statusChanged: 'monitor.status_changed',
  samplesRecorded: 'metric.samples_recorded',
} as const;

/** `monitor.monitor_created | _updated` data: the resource id and the monitor document. */
export interface MonitorDefinitionData {
  id: string;
  doc?: {
    name?: unknown;
    service?: unknown;
    kind?: unknown;
    labels?: unknown;
    dependsOn?: unknown;
  };
}

/** `monitor.check_completed` data, as far as alerting reads it. */
export interface CheckCompletedFields {
  monitorId: string;
  monitor: string;
  service: string;
  kind: string;
  status: string;
  latencyMs: number;
  details?: Record<string, unknown>;
  startedAt: string;
}

/** `monitor.status_changed` data, as far as alerting reads it. */
export interface StatusChangedFields {
  monitorId: string;
  service: string;
  to: string;
}
