/**
 * Learning from history: how a finished remediation credits its steps (creditSteps), the
 * remediation folded from its events (foldRemediation), and the in-memory success rates per
 * rule and step that order a runbook's alternative steps (StepHistoryBook).
 */
export {
  ACTED_STATES,
  foldRemediation,
  hasEnded,
  isRemediationEvent,
  REMEDIATION_PHASES,
  type RemediationPhase,
  type RemediationRecord,
  remediationKeyOf,
  type StepProgress,
  type StepState,
} from './remediation-record.js';
export { creditSteps, median, type StepCredit } from './step-credit.js';
export { StepHistoryBook, type StepHistoryBookState, type StepTally } from './step-history-book.js';
