import { CIRCUIT_STATE_CHANGED } from '../../events/index.js';
import { HealingEvents } from '../healing-events.js';

/**
 * The events of other modules that diagnosis reads. Healing never imports its sibling modules
 * (they meet only through events), so the names it follows are listed here with the payload
 * fields it reads; everything else in a payload is ignored.
 */
export const ObservedEvents = {
  monitorCreated: 'monitor.monitor_created',
  monitorUpdated: 'monitor.monitor_updated',
  monitorDeleted: 'monitor.monitor_deleted',
  checkCompleted: 'monitor.check_completed',
  statusChanged: 'monitor.status_changed',
  samplesRecorded: 'metric.samples_recorded',
  alertFired: 'alerts.alert_fired',
  alertResolved: 'alerts.alert_resolved',
  alertInhibited: 'alerts.alert_inhibited',
  alertUninhibited: 'alerts.alert_uninhibited',
  circuitStateChanged: CIRCUIT_STATE_CHANGED,
  configReloaded: 'config.reload_succeeded',
  changeRecorded: HealingEvents.changeRecorded,
} as const;

/**
 * The monitor module's "check now" request, as any module may append it: healing asks for it
 * right after acting, so verification does not wait for the next scheduled check.
 */
export const MonitorRequests = {
  checkRequested: 'monitor.check_requested',
  stream: (monitorId: string) => `monitor-requests-${monitorId}`,
} as const;

/** Every type the context keeper folds: the filter for its subscription. */
export const OBSERVED_EVENT_TYPES: ReadonlyArray<string> = Object.values(ObservedEvents);

/** The standard metric names diagnosis reads from `metric.samples_recorded` (label `service`). */
export const StandardMetrics = {
  cpuPercent: 'cpu_percent',
  memoryPercent: 'memory_percent',
  responseTimeMs: 'response_time_ms',
  errorRate: 'error_rate',
} as const;

/** Series the keeper derives from check results, per service, kept beside the pushed metrics. */
export const CheckSeries = {
  latencyMs: 'vigia_check_latency_ms',
  /** 1 for a check that was down or degraded, 0 for one that was up: its minute mean is a failure ratio. */
  failureRatio: 'vigia_check_failure_ratio',
} as const;

/** The series kept per service: the standard metrics and the check series. */
export const KEPT_SERIES: ReadonlySet<string> = new Set([
  ...Object.values(StandardMetrics),
  ...Object.values(CheckSeries),
]);
