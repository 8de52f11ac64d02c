export { ActionExecutor, type ActionExecutorOptions, type RenderedAction } from './actions/index.js';
export {
  type ChangeRecordedData,
  ContextKeeper,
  changeMarkerJsonSchema,
  diagnose,
  MonitorRequests,
  ObservedEvents,
  parseChangeMarker,
} from './diagnose/index.js';
export * from './healing-events.js';
export {
  creditSteps,
  REMEDIATION_PHASES,
  type RemediationPhase,
  type StepCredit,
  StepHistoryBook,
  type StepHistoryBookState,
  type StepProgress,
  type StepState,
} from './learn/index.js';
export {
  HealingQueries,
  REMEDIATION_CURSOR_PATTERN,
  type RemediationFilter,
  type RemediationView,
  type StepStats,
} from './read-models/healing-queries.js';
export { HealingReadModel, type HealingReadModelOptions } from './read-models/healing-read-model.js';
export {
  type FieldError,
  formatDuration,
  type Parsed,
  parseRunbook,
  type RunbookDocument,
  RunbookMatcher,
  runbookJsonSchema,
} from './runbooks/index.js';
export {
  ApprovalError,
  type Approver,
  answerApproval,
  type PendingApproval,
  pendingApproval,
} from './runtime/approvals.js';
export { HealingService, type HealingServiceOptions } from './runtime/healing-service.js';
export { RUNBOOK_EVENT_PREFIX } from './runtime/remediation-loop.js';
export type { Remediation, RemediationStatus } from './runtime/remediation-state.js';
