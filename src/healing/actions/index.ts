export {
  ActionAttemptError,
  ActionNotExecutableError,
  ActionRefusedError,
  type AttemptReport,
  CommandNotAllowedError,
  InvalidActionError,
  NotLoopbackError,
} from './action-errors.js';
export { ActionExecutor, type ActionExecutorOptions, type ExecuteOptions } from './action-executor.js';
export { DETAIL_MAX_CHARS } from './attempt-detail.js';
export { type CommandSettings, commandEnvironment, MAX_OUTPUT_BYTES } from './command-action.js';
export { MAX_ANSWER_BYTES } from './http-action.js';
export type {
  ActionAttempt,
  ActionResult,
  AttemptOutcome,
  ExecutableActionKind,
  HttpActionMethod,
  RenderedAction,
} from './rendered-action.js';
export { isLoopbackHost } from './simulator-fault-action.js';
