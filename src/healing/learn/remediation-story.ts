import type { RecordedEvent } from '../../events/index.js';
import { HealingEvents, remediationStream } from '../healing-events.js';

/** A healing event before it is recorded: what tests append to a store or fold by hand. */
export interface StoryEvent {
  type: string;
  data: Record<string, unknown>;
}

type Outcome = 'succeeded' | 'failed' | 'timed_out' | 'outcome_unknown';

const OUTCOME_TYPES: Record<Outcome, string> = {
  succeeded: HealingEvents.actionSucceeded,
  failed: HealingEvents.actionFailed,
  timed_out: HealingEvents.actionTimedOut,
  outcome_unknown: HealingEvents.actionOutcomeUnknown,
};

/**
 * One remediation's events, written the way the remediation loop writes them, for tests: each
 * helper adds the events of one thing that happened, so a test reads like the story it tells.
 */
export class RemediationStory {
  readonly events: StoryEvent[] = [];
  private actions = 0;

  constructor(
    readonly alertId: string,
    private readonly plan: { ruleName?: string; runbookId?: string; target?: string; dryRun?: boolean } = {},
  ) {}

  planned(steps: string[]): this {
    return this.add(HealingEvents.remediationPlanned, {
      ruleName: this.plan.ruleName ?? 'service-down',
      runbookId: this.plan.runbookId ?? 'runbook-1',
      runbookName: 'heal-service',
      target: this.plan.target ?? 'db',
      steps,
      dryRun: this.plan.dryRun ?? false,
    });
  }

  /** A step's action: requested, started (unless a dry run), and its outcome. */
  acted(step: string, outcome: Outcome = 'succeeded'): this {
    const actionId = `action-${++this.actions}`;
    const dryRun = this.plan.dryRun ?? false;
    this.add(HealingEvents.actionRequested, {
      actionId,
      runbookId: this.plan.runbookId ?? 'runbook-1',
      step,
      stepIndex: this.actions - 1,
      target: this.plan.target ?? 'db',
      action: { kind: 'command', command: 'true' },
      timeoutMs: 1000,
      retries: 0,
      dryRun,
    });
    if (!dryRun) this.add(HealingEvents.actionStarted, { actionId, step });
    return this.add(OUTCOME_TYPES[outcome], { actionId, step, attempts: 1, detail: outcome, dryRun });
  }

  approval(step: string, answer: 'granted' | 'rejected' | 'expired'): this {
    this.add(HealingEvents.approvalRequested, {
      step,
      approvers: ['admin'],
      expiresAt: '2030-01-01T00:00:00Z',
    });
    const type = {
      granted: HealingEvents.approvalGranted,
      rejected: HealingEvents.approvalRejected,
      expired: HealingEvents.approvalExpired,
    }[answer];
    return this.add(type, { step });
  }

  healed(healedInMs: number): this {
    return this.add(HealingEvents.healed, { runbookId: 'runbook-1', target: 'db', healedInMs });
  }

  notHealed(): this {
    this.add(HealingEvents.notHealed, { runbookId: 'runbook-1', target: 'db' });
    return this.escalated('the alert did not resolve within the verification time');
  }

  escalated(reason: string): this {
    return this.add(HealingEvents.escalated, { runbookId: 'runbook-1', target: 'db', reason });
  }

  /** Any event of this remediation (types the fold does not know, say). */
  add(type: string, data: Record<string, unknown>): this {
    this.events.push({ type, data: { alertId: this.alertId, ...data } });
    return this;
  }

  /** The events as the log would hand them out, a second apart from `startMs`. */
  recorded(startMs = Date.parse('2026-05-01T12:00:00Z'), firstPosition = 1): RecordedEvent[] {
    return this.events.map((e, i) => ({
      position: firstPosition + i,
      streamId: remediationStream(this.alertId),
      streamVersion: i + 1,
      id: `${this.alertId}-${i + 1}`,
      type: e.type,
      time: new Date(startMs + i * 1000),
      data: e.data,
      metadata: { correlationId: this.alertId },
    }));
  }
}
