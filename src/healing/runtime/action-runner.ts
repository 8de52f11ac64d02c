import type { EventStore } from '../../events/index.js';
import type { Logger } from '../../kernel/index.js';
import type { ActionExecutor } from '../actions/action-executor.js';
import { HealingEvents, remediationStream } from '../healing-events.js';
import type { ActionOutcomeData, ActionRequestedData } from './remediation-state.js';
import { HEALING_ACTOR } from './remediation-steps.js';

/**
 * Runs requested actions, each on its own: records `healing.action_started` before acting (so a
 * crash mid-action is known), then the outcome. A dry run records success and does nothing.
 * An action found started but unfinished after a restart is never run again: it is checked
 * (has the alert resolved?) and marked succeeded, or its outcome unknown.
 */
export class ActionRunner {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();

  constructor(
    private readonly store: EventStore,
    private readonly executor: ActionExecutor,
    private readonly logger: Logger,
  ) {}

  /** Starts the requested actions (ones already running are skipped). */
  run(requests: ReadonlyArray<ActionRequestedData>): void {
    for (const request of requests) this.track(request.actionId, () => this.perform(request));
  }

  /** After a restart: an action started before the crash is settled without running it again (the loop says how). */
  settleInterrupted(request: ActionRequestedData, alertResolved: boolean): void {
    this.track(request.actionId, async () => {
      const outcome: ActionOutcomeData = {
        actionId: request.actionId,
        alertId: request.alertId,
        step: request.step,
        attempts: 0,
        detail: alertResolved
          ? 'interrupted by a restart and not run again; the alert has resolved since, so the action is taken as done'
          : 'interrupted by a restart and not run again; the alert did not resolve within the verification time, so its outcome is unknown',
      };
      await this.record(
        request,
        alertResolved ? HealingEvents.actionSucceeded : HealingEvents.actionOutcomeUnknown,
        outcome,
      );
    });
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight.values()]);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.idle();
    await this.executor.close();
  }

  private track(actionId: string, work: () => Promise<void>): void {
    if (this.inFlight.has(actionId) || this.abort.signal.aborted) return;
    const running = work()
      .catch((error: unknown) =>
        this.logger.error({ err: error, actionId }, 'healing action bookkeeping failed'),
      )
      .finally(() => this.inFlight.delete(actionId));
    this.inFlight.set(actionId, running);
  }

  private async perform(request: ActionRequestedData): Promise<void> {
    const base = { actionId: request.actionId, alertId: request.alertId, step: request.step };
    if (request.dryRun) {
      await this.record(request, HealingEvents.actionSucceeded, {
        ...base,
        attempts: 0,
        detail: `dry run: would have run ${request.action.kind}`,
        dryRun: true,
      });
      return;
    }
    await this.record(request, HealingEvents.actionStarted, { ...base, kind: request.action.kind });
    const result = await this.executor
      .execute(request.action, {
        timeoutMs: request.timeoutMs,
        retries: request.retries,
        signal: this.abort.signal,
      })
      .catch((error: unknown) => ({
        outcome: 'failed' as const,
        attempts: 0,
        detail: error instanceof Error ? error.message : String(error),
      }));
    const type =
      result.outcome === 'succeeded'
        ? HealingEvents.actionSucceeded
        : result.outcome === 'timed_out'
          ? HealingEvents.actionTimedOut
          : HealingEvents.actionFailed;
    await this.record(request, type, { ...base, attempts: result.attempts, detail: result.detail });
    const outcome = type.replace('healing.action_', '').replace('_', ' ');
    const log = result.outcome === 'succeeded' ? this.logger.info : this.logger.warn;
    log.call(
      this.logger,
      { alertId: request.alertId, step: request.step, kind: request.action.kind, attempts: result.attempts },
      `healing: step ${request.step} (${request.action.kind}) on ${request.target} ${outcome}: ${result.detail.slice(0, 200)}`,
    );
  }

  private async record(request: ActionRequestedData, type: string, data: unknown): Promise<void> {
    await this.store.appendToStream(remediationStream(request.alertId), [
      {
        type,
        data,
        metadata: { actor: HEALING_ACTOR, correlationId: request.correlationId ?? request.alertId },
      },
    ]);
  }
}
