export {
  type CompiledMatcher,
  DURATION_EXPECTED,
  describeFieldErrors,
  type FieldError,
  formatDuration,
  formatMatcher,
  type LabelMatcher,
  matchesAll,
  matchesEverything,
  type Parsed,
  parseDuration,
  parseMatcherText,
} from '../kernel/index.js';
export * from './alert-events.js';
export {
  AlertResourceKinds,
  type AlertResourceName,
  CREATED_BY_FIELD,
  documentBody,
  MANAGED_BY_FIELD,
  type ResourceEventData,
  resourceChangeOf,
} from './alert-resources.js';
export { CHECK_SERIES, CHECK_SERIES_NAMES } from './check-series.js';
export { type AlertRule, compileAlertRule } from './definition/rule-compile.js';
export {
  type AlertRuleDocument,
  alertRuleJsonSchema,
  parseAlertRule,
  unknownSeriesError,
} from './definition/rule-document.js';
export { parseRoute, type RouteDocument, routeJsonSchema } from './dispatch/route-document.js';
export { unknownReferences } from './dispatch/route-references.js';
export { type MatchedRoute, type RootRouteSettings, RouteTree } from './dispatch/route-tree.js';
export {
  type EscalationPolicyDocument,
  escalationPolicyJsonSchema,
  parseEscalationPolicy,
  unknownPolicyReceivers,
} from './escalate/escalation-policy-document.js';
export { AlertEvaluator } from './evaluate/alert-evaluator.js';
export { type BacktestResult, backtestRule } from './evaluate/backtest.js';
export type { AlertTransition, BandView, Sample } from './evaluate/evaluator-types.js';
export { deterministicId, labelsFingerprint } from './fingerprint.js';
export { HealingContract, type HealingNotificationFields } from './healing-contract.js';
export {
  type InhibitRuleDocument,
  inhibitRuleJsonSchema,
  parseInhibitRule,
} from './inhibit/inhibit-rule-document.js';
export { MonitorContract } from './monitor-contract.js';
export { parseReceiver, type ReceiverDocument, receiverJsonSchema } from './notify/receiver-document.js';
export { verifyWebhookSignature } from './notify/webhook-signature.js';
export {
  ALERT_CURSOR_PATTERN,
  type AlertFilter,
  type AlertView,
  type TimelineEntry,
} from './read-models/alert-queries.js';
export {
  AlertService,
  type AlertServiceOptions,
  type AlertSettings,
  AlertStateError,
} from './runtime/alert-service.js';
export { BacktestRangeError, backtestFromLog, MAX_BACKTEST_RANGE_MS } from './runtime/rule-backtest.js';
export {
  type MaintenanceWindowDocument,
  maintenanceWindowJsonSchema,
  parseMaintenanceWindow,
} from './silence/maintenance-window.js';
export {
  parseSilence,
  type SilenceDocument,
  silenceJsonSchema,
  silenceState,
} from './silence/silence-document.js';
