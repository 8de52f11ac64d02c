import type { RecordedEvent } from '../../events/index.js';
import { HealingEvents } from '../healing-events.js';

/** Where a remediation stands, as people read it. `completed`: an event-triggered runbook ran to its end. */
export type RemediationPhase =
  | 'planned'
  | 'acting'
  | 'awaiting_approval'
  | 'verifying'
  | 'healed'
  | 'not_healed'
  | 'escalated'
  | 'completed';

export const REMEDIATION_PHASES: ReadonlyArray<RemediationPhase> = [
  'planned',
  'acting',
  'awaiting_approval',
  'verifying',
  'healed',
  'not_healed',
  'escalated',
  'completed',
];

/** What happened to one step: an action's outcome, or an approval's answer. */
export type StepState =
  | 'pending'
  | 'requested'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'timed_out'
  | 'outcome_unknown'
  | 'awaiting_approval'
  | 'approved'
  | 'rejected'
  | 'expired'
  /** A notify step: its message was handed to alerting. */
  | 'notified';

export interface StepProgress {
  name: string;
  state: StepState;
}

/** One remediation folded from its events: the plan, each step's progress, and how it ended. */
export interface RemediationRecord {
  alertId: string;
  /** The alert rule that fired; '' when the events did not say (plans written before rules were named). */
  ruleName: string;
  runbookId: string | null;
  runbookName: string | null;
  target: string | null;
  dryRun: boolean;
  status: RemediationPhase;
  /** In plan order; a step acted on without being planned is added at the end. */
  steps: StepProgress[];
  startedAt: number;
  endedAt: number | null;
  healedInMs: number | null;
  lastReason: string | null;
}

/** Types written by newer versions of the loop, named here so this fold does not depend on them. */
const COMPLETED = 'healing.remediation_completed';
const NOTIFICATION_REQUESTED = 'healing.notification_requested';

/** Event types that move a remediation; others (diagnoses, runbooks, changes, unknown ones) are not folded. */
const FOLDED = new Set<string>([
  HealingEvents.remediationPlanned,
  HealingEvents.actionRequested,
  HealingEvents.actionStarted,
  HealingEvents.actionSucceeded,
  HealingEvents.actionFailed,
  HealingEvents.actionTimedOut,
  HealingEvents.actionOutcomeUnknown,
  HealingEvents.approvalRequested,
  HealingEvents.approvalGranted,
  HealingEvents.approvalRejected,
  HealingEvents.approvalExpired,
  HealingEvents.healed,
  HealingEvents.notHealed,
  HealingEvents.escalated,
  COMPLETED,
  NOTIFICATION_REQUESTED,
]);

const STEP_STATE_OF: Record<string, StepState> = {
  [HealingEvents.actionRequested]: 'requested',
  [HealingEvents.actionStarted]: 'running',
  [HealingEvents.actionSucceeded]: 'succeeded',
  [HealingEvents.actionFailed]: 'failed',
  [HealingEvents.actionTimedOut]: 'timed_out',
  [HealingEvents.actionOutcomeUnknown]: 'outcome_unknown',
  [HealingEvents.approvalRequested]: 'awaiting_approval',
  [HealingEvents.approvalGranted]: 'approved',
  [HealingEvents.approvalRejected]: 'rejected',
  [HealingEvents.approvalExpired]: 'expired',
};

/** States of a step whose action was requested: the step ran (or may have). */
export const ACTED_STATES: ReadonlySet<StepState> = new Set<StepState>([
  'requested',
  'running',
  'succeeded',
  'failed',
  'timed_out',
  'outcome_unknown',
]);

/** True once the remediation has an outcome (healed, not healed, escalated, completed). */
export function hasEnded(record: RemediationRecord | undefined): boolean {
  return record !== undefined && record.endedAt !== null;
}

/** Whether `event` moves a remediation (see foldRemediation). */
export function isRemediationEvent(event: Pick<RecordedEvent, 'type'>): boolean {
  return FOLDED.has(event.type);
}

/** The remediation an event belongs to: its `alertId`, else the id in its `remediation-<id>` stream. */
export function remediationKeyOf(event: Pick<RecordedEvent, 'data' | 'streamId'>): string | undefined {
  const alertId = (event.data as { alertId?: unknown } | null)?.alertId;
  if (typeof alertId === 'string' && alertId) return alertId;
  return event.streamId.startsWith('remediation-') ? event.streamId.slice('remediation-'.length) : undefined;
}

/**
 * The remediation after `event` (pure: `record` is not changed). A remediation starts with its
 * plan, or with an escalation that had no plan (budget spent); other events about an unknown
 * remediation, and events of types it does not know, leave it as it was.
 */
export function foldRemediation(
  record: RemediationRecord | undefined,
  event: RecordedEvent,
): RemediationRecord | undefined {
  if (!isRemediationEvent(event)) return record;
  const data = (event.data ?? {}) as Record<string, unknown>;
  const at = event.time.getTime();
  if (event.type === HealingEvents.remediationPlanned) return record ?? planned(event, data, at);
  if (!record)
    return event.type === HealingEvents.escalated ? unplannedEscalation(event, data, at) : undefined;
  const next: RemediationRecord = { ...record, steps: record.steps.map((s) => ({ ...s })) };
  const ended = hasEnded(record);
  if (event.type === NOTIFICATION_REQUESTED) return notified(next, data, ended) ?? record;
  const stepState = STEP_STATE_OF[event.type];
  if (stepState) {
    const index = stepIndex(next, String(data.step ?? ''));
    if (index >= 0) next.steps[index]!.state = stepState;
    if (event.type === HealingEvents.actionRequested && data.dryRun === true) next.dryRun = true;
    if (!ended) next.status = statusAfterStep(next, event.type, index);
    return next;
  }
  const reason = typeof data.reason === 'string' ? data.reason : null;
  switch (event.type) {
    case HealingEvents.healed:
      if (ended) return record;
      next.status = 'healed';
      next.healedInMs = typeof data.healedInMs === 'number' ? data.healedInMs : at - record.startedAt;
      break;
    case HealingEvents.notHealed:
      if (ended) return record;
      next.status = 'not_healed';
      break;
    case HealingEvents.escalated:
      // After not_healed the escalation only says why: the remediation stays "not healed".
      if (ended && record.status !== 'not_healed') return record;
      if (!ended) next.status = 'escalated';
      next.lastReason = reason ?? next.lastReason;
      break;
    case COMPLETED:
      if (ended) return record;
      next.status = 'completed';
      break;
    default:
      return record;
  }
  next.endedAt ??= at;
  return next;
}

function planned(event: RecordedEvent, data: Record<string, unknown>, at: number): RemediationRecord {
  const steps = Array.isArray(data.steps) ? data.steps.filter((s): s is string => typeof s === 'string') : [];
  return {
    alertId: remediationKeyOf(event) ?? '',
    ruleName: typeof data.ruleName === 'string' ? data.ruleName : '',
    runbookId: typeof data.runbookId === 'string' ? data.runbookId : null,
    runbookName: typeof data.runbookName === 'string' ? data.runbookName : null,
    target: typeof data.target === 'string' ? data.target : null,
    dryRun: data.dryRun === true,
    status: 'planned',
    steps: steps.map((name) => ({ name, state: 'pending' })),
    startedAt: at,
    endedAt: null,
    healedInMs: null,
    lastReason: null,
  };
}

function unplannedEscalation(
  event: RecordedEvent,
  data: Record<string, unknown>,
  at: number,
): RemediationRecord {
  return {
    ...planned(event, { ...data, steps: [] }, at),
    status: 'escalated',
    endedAt: at,
    lastReason: typeof data.reason === 'string' ? data.reason : null,
  };
}

/** A notify step done (named by its index in the plan); an escalation's notice changes nothing. */
function notified(
  next: RemediationRecord,
  data: Record<string, unknown>,
  ended: boolean,
): RemediationRecord | undefined {
  const index = data.kind === 'step' && typeof data.stepIndex === 'number' ? data.stepIndex : -1;
  const step = next.steps[index];
  if (!step) return undefined;
  step.state = 'notified';
  if (!ended) next.status = statusAfterStep(next, HealingEvents.approvalGranted, index);
  return next;
}

/** The step an event names; a step the plan did not list is added (unnamed ones are not). */
function stepIndex(record: RemediationRecord, name: string): number {
  if (!name) return -1;
  const index = record.steps.findIndex((s) => s.name === name);
  if (index >= 0) return index;
  record.steps.push({ name, state: 'pending' });
  return record.steps.length - 1;
}

function statusAfterStep(record: RemediationRecord, type: string, index: number): RemediationPhase {
  switch (type) {
    case HealingEvents.actionRequested:
    case HealingEvents.actionStarted:
      return 'acting';
    case HealingEvents.approvalRequested:
      return 'awaiting_approval';
    case HealingEvents.actionSucceeded:
    case HealingEvents.approvalGranted:
      // After the last step the loop waits for the alert to resolve.
      return index >= 0 && index === record.steps.length - 1 ? 'verifying' : 'planned';
    default:
      // A failed step: the loop goes on with the next one or escalates, which the next event says.
      return record.status === 'awaiting_approval' ? 'planned' : record.status;
  }
}
