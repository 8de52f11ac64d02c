/**
 * Runbooks: the documents users write (parseRunbook, runbookJsonSchema), which runbooks apply
 * to an alert or event (RunbookMatcher), which steps to run for a diagnosis (planSteps), and
 * the concrete action of a step for an alert (renderAction).
 */

export {
  describeFieldErrors,
  type FieldError,
  formatDuration,
  type Parsed,
  parseDuration,
} from '../../kernel/index.js';
export {
  type ActionTemplate,
  compileActionTemplate,
  headerSafe,
  jsonSafe,
  type TemplateContext,
  type TemplateEncoding,
  type TemplateVariable,
  urlSafe,
} from '../definition/action-template.js';
export { APPROVAL_MAX_MS, APPROVAL_MIN_MS } from './action-schema.js';
export { type DiagnosisToPlan, holds, planSteps, type StepHistory } from './plan-steps.js';
export { type AlertToRender, type RenderedAction, renderAction } from './render-action.js';
export { type RunbookJsonSchema, runbookJsonSchema } from './runbook-json-schema.js';
export { type AlertToMatch, RunbookMatcher } from './runbook-matcher.js';
export {
  MAX_STEPS,
  parseRunbook,
  STEP_TIMEOUT_MAX_MS,
  STEP_TIMEOUT_MIN_MS,
  VERIFY_MAX_MS,
  VERIFY_MIN_MS,
} from './runbook-schema.js';
export {
  ACTION_KINDS,
  type ActionKind,
  type AlertTrigger,
  type ApprovalActionDocument,
  CAUSE_KINDS,
  type CommandActionDocument,
  type EventTrigger,
  HTTP_METHODS,
  type HttpActionDocument,
  type HttpMethod,
  type NotifyActionDocument,
  ON_FAILURE,
  type OnFailure,
  type RunbookActionDocument,
  type RunbookDocument,
  type RunbookStep,
  type RunbookTrigger,
  SEVERITIES,
  type Severity,
  type SimulatorFaultOffActionDocument,
  type StepCondition,
  type StoredRunbook,
} from './runbook-types.js';
