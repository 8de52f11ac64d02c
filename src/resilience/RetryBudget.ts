import { RollingCounter } from './RollingCounter.js';
import { durationOption, ratioOption } from './validate-options.js';

export interface RetryBudgetOptions {
  /** Retries may be at most this fraction of calls in the window. Default 0.2. */
  ratio?: number;
  /** Retries always allowed per second, so a quiet service can still retry. Default 10. */
  minRetriesPerSecond?: number;
  /** Window over which calls and retries are counted. Default 10 s. */
  windowMs?: number;
}

/**
 * Caps retries to a share of traffic, so an outage does not become a retry storm
 * (the budget of gRPC and Finagle).
 */
export class RetryBudget {
  private readonly ratio: number;
  private readonly minPerWindow: number;
  private readonly calls: RollingCounter;
  private readonly retries: RollingCounter;

  constructor(options: RetryBudgetOptions = {}) {
    this.ratio = ratioOption('RetryBudget', 'ratio', options.ratio, 0.2);
    const windowMs = durationOption('RetryBudget', 'windowMs', options.windowMs, 10_000, 10);
    const perSecond = durationOption(
      'RetryBudget',
      'minRetriesPerSecond',
      options.minRetriesPerSecond,
      10,
      0,
    );
    this.minPerWindow = (perSecond * windowMs) / 1000;
    this.calls = new RollingCounter(windowMs, 10);
    this.retries = new RollingCounter(windowMs, 10);
  }

  /** Counts one original call. */
  recordCall(now: number): void {
    this.calls.add(now);
  }

  /** Takes one retry from the budget; false when none is left. */
  tryRetry(now: number): boolean {
    const allowed = this.minPerWindow + this.ratio * this.calls.total(now);
    if (this.retries.total(now) + 1 > allowed) return false;
    this.retries.add(now);
    return true;
  }
}
