export type {
  ActiveCheckSpec,
  BodyAssertion,
  CheckContext,
  CheckResult,
  CheckStatus,
  DnsCheckSpec,
  HttpCheckSpec,
  PrometheusCheckSpec,
  TcpCheckSpec,
  TlsCheckSpec,
} from './checks/check-types.js';
export { closeHttpCheckAgent } from './checks/http-check.js';
export { runCheck } from './checks/run-check.js';
export type { HeartbeatSpec, MonitorBase, MonitorDefinition } from './definition/monitor-definition.js';
export { MONITOR_KINDS, monitorJsonSchema } from './definition/monitor-schema.js';
export { type MonitorFieldError, type ParsedMonitor, parseMonitor } from './definition/parse-monitor.js';
export * from './ingest/index.js';
export * from './metrics/index.js';
export {
  type CheckCompletedData,
  MONITOR_DEFINITION_EVENT_PREFIX,
  MonitorEvents,
  type MonitorStatus,
  monitorRequestStream,
  monitorResultStream,
  type StatusChangedData,
} from './monitor-events.js';
export {
  INCIDENT_CURSOR_PATTERN,
  type IncidentView,
  type LatencyPoint,
  MonitorQueries,
  type MonitorStatusView,
  type ServiceStatusView,
  UPTIME_WINDOWS,
} from './read-models/monitor-queries.js';
export { MonitorTables, monitorStatusProjection } from './read-models/monitor-status-projection.js';
export {
  CheckCompactor,
  type CheckCompactorOptions,
  COMPACTION_INTERVAL_MS,
  type CompactionRun,
  FIRST_COMPACTION_DELAY_MS,
} from './results/check-compactor.js';
export { type CompletedCheck, ResultWriter } from './results/result-writer.js';
export { CheckExecutor } from './runtime/check-executor.js';
export { MonitorService, type MonitorServiceOptions } from './runtime/monitor-service.js';
export { CheckScheduler, type ScheduledCheck } from './scheduler/check-scheduler.js';
export * from './simulate/index.js';
