import type { EventStore } from '../../events/index.js';
import { VigiaError } from '../../kernel/index.js';
import { HealingEvents, remediationStream } from '../healing-events.js';
import { HEALING_ACTOR } from './remediation-loop.js';

/** An approval a remediation waits for. */
export interface PendingApproval {
  alertId: string;
  step: string;
  approvers: string[];
  expiresAt: string;
}

/** Who answers: the user or token name and role; an approver entry names either one. */
export interface Approver {
  actor: string;
  name: string;
  role: string;
}

/** An approval refused: none pending, expired, or this caller is not one of the approvers. */
export class ApprovalError extends VigiaError {
  constructor(code: 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN', message: string) {
    super(code, message);
  }
}

/** The approval the remediation of `alertId` waits for, read from its stream (any instance can answer). */
export async function pendingApproval(
  store: EventStore,
  alertId: string,
  nowMs: number,
): Promise<PendingApproval | undefined> {
  const events = await store.readStream(remediationStream(alertId));
  let pending: PendingApproval | undefined;
  for (const event of events) {
    if (event.type === HealingEvents.approvalRequested) pending = event.data as PendingApproval;
    if (
      event.type === HealingEvents.approvalGranted ||
      event.type === HealingEvents.approvalRejected ||
      event.type === HealingEvents.approvalExpired
    ) {
      pending = undefined;
    }
  }
  if (pending && Date.parse(pending.expiresAt) <= nowMs) return undefined;
  return pending;
}

/** Records an approval or rejection by `approver`, who must be one of the step's approvers (by name or role). */
export async function answerApproval(
  store: EventStore,
  alertId: string,
  approver: Approver,
  decision: 'approve' | 'reject',
  nowMs: number,
  comment?: string,
): Promise<PendingApproval> {
  const events = await store.readStream(remediationStream(alertId));
  if (events.length === 0) throw new ApprovalError('NOT_FOUND', `No remediation for alert ${alertId}`);
  const pending = await pendingApproval(store, alertId, nowMs);
  if (!pending)
    throw new ApprovalError('CONFLICT', `The remediation of alert ${alertId} waits for no approval`);
  if (!pending.approvers.includes(approver.name) && !pending.approvers.includes(approver.role)) {
    throw new ApprovalError(
      'FORBIDDEN',
      `Only ${pending.approvers.join(', ')} may answer the approval of step "${pending.step}"`,
    );
  }
  await store.appendToStream(
    remediationStream(alertId),
    [
      {
        type: decision === 'approve' ? HealingEvents.approvalGranted : HealingEvents.approvalRejected,
        data: {
          alertId,
          step: pending.step,
          by: approver.actor,
          at: new Date(nowMs).toISOString(),
          ...(comment ? { comment } : {}),
        },
        metadata: { actor: approver.actor, correlationId: alertId, decidedFor: HEALING_ACTOR },
      },
    ],
    { expectedVersion: events.length },
  );
  return pending;
}
