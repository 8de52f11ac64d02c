/** Diagnosis: the context a firing alert is judged in, and the explainable rules that rank its probable causes. */

export type { FieldError, Parsed } from '../../kernel/index.js';
export {
  CHANGE_MAX_AHEAD_MS,
  type ChangeRecordedData,
  changeMarkerJsonSchema,
  changeMarkerSchema,
  parseChangeMarker,
} from './change-marker.js';
export { type AlertToDiagnose, ContextKeeper, type ContextKeeperOptions } from './context-keeper.js';
export { DIAGNOSIS_RULES, diagnose } from './diagnose.js';
export type {
  ActiveAlertFact,
  BreakerFact,
  ChangeFact,
  CheckFact,
  CheckStatus,
  DiagnosedAlert,
  DiagnosisContext,
  DiagnosisRule,
  InhibitionFact,
  MetricSeriesFacts,
  MinuteMean,
  MonitorStatus,
  MonitorStatusFact,
  ServiceFacts,
  ServiceStatus,
} from './diagnosis-context.js';
export {
  DiagnosisContextMismatchError,
  DiagnosisOptionError,
  DiagnosisStateError,
} from './diagnosis-errors.js';
export type { KeeperState } from './keeper-state.js';
export {
  CheckSeries,
  MonitorRequests,
  OBSERVED_EVENT_TYPES,
  ObservedEvents,
  StandardMetrics,
} from './observed-events.js';
export { dependencyDown } from './rules/dependency-down.js';
export { failingTogether } from './rules/failing-together.js';
export { recentChange } from './rules/recent-change.js';
export { resourceSaturation } from './rules/resource-saturation.js';
export { serviceItself } from './rules/service-itself.js';
export { Confidence, Thresholds } from './rules/thresholds.js';
