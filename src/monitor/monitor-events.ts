import type { CheckStatus } from './checks/check-types.js';

/**
 * The monitor module's event types (payload schema version 1): the contract other modules
 * (alerts, healing, the dashboard) read. Definitions are resource events written by the
 * server's resource pattern under the prefix `monitor.monitor`.
 */
export const MonitorEvents = {
  monitorCreated: 'monitor.monitor_created',
  monitorUpdated: 'monitor.monitor_updated',
  monitorDeleted: 'monitor.monitor_deleted',
  checkCompleted: 'monitor.check_completed',
  statusChanged: 'monitor.status_changed',
  /** "Check now" asked of an instance that does not run the monitor: the one that does acts on it. */
  checkRequested: 'monitor.check_requested',
  /** A heartbeat received by an instance that does not run the monitor: the one that does records it. */
  heartbeatReceived: 'monitor.heartbeat_received',
} as const;

/** Prefix of the monitor definition events (the resource pattern adds `_created` …). */
export const MONITOR_DEFINITION_EVENT_PREFIX = 'monitor.monitor';

/** A monitor's status: a check's outcome, `paused`, or `unknown` before its first check. */
export type MonitorStatus = CheckStatus | 'paused' | 'unknown';

export interface CheckCompletedData {
  monitorId: string;
  monitor: string;
  service: string;
  kind: string;
  status: CheckStatus;
  latencyMs: number;
  message: string;
  details?: Record<string, unknown>;
  /** When the check was due and when it started (ISO): the difference is the scheduling delay. */
  dueAt: string;
  startedAt: string;
}

export interface StatusChangedData {
  monitorId: string;
  monitor: string;
  service: string;
  from: MonitorStatus;
  to: MonitorStatus;
  message: string;
}

/** Stream of a monitor's check results and status changes. */
export const monitorResultStream = (monitorId: string) => `monitor-results-${monitorId}`;

export interface CheckRequestedData {
  monitorId: string;
}

export interface HeartbeatReceivedData {
  monitorId: string;
  status?: 'up' | 'down';
  message?: string;
}

/** Stream of the requests about a monitor forwarded between instances (check now, heartbeats). */
export const monitorRequestStream = (monitorId: string) => `monitor-requests-${monitorId}`;
