import { type Clock, systemClock } from '../kernel/index.js';
import type { Backoff } from './backoff/Backoff.js';
import { DecorrelatedJitterBackoff } from './backoff/DecorrelatedJitterBackoff.js';
import { invoke } from './CircuitBreakerPolicy.js';
import { OperationAbortedError } from './errors/rejections.js';
import { type Guarded, type Policy, type PolicyContext, ROOT_CONTEXT } from './Policy.js';
import { PolicyBase } from './PolicyBase.js';
import type { RetryBudget } from './RetryBudget.js';
import { durationOption, integerOption } from './validate-options.js';

export interface RetryOptions {
  name?: string;
  /** Attempts in all, the first included. Default 3. */
  maxAttempts?: number;
  /** Delay between attempts. Default DecorrelatedJitterBackoff(100 ms, 30 s). */
  backoff?: Backoff;
  /** No delay is longer than this, whatever the backoff or Retry-After says. Default 30 s. */
  maxDelayMs?: number;
  /** Which errors are retried. Default: all. */
  isRetryable?: (error: unknown) => boolean;
  /** Which results are retried (e.g. HTTP 503). Default: none. */
  isResultRetryable?: (result: unknown) => boolean;
  /** A delay the failed call asked for (Retry-After), in ms; used instead of the backoff when given. */
  retryAfterMs?: (errorOrResult: unknown) => number | undefined;
  /** Caps retries to a share of calls (see RetryBudget). Off when absent. */
  budget?: RetryBudget;
  clock?: Clock;
  /** Random numbers in [0, 1) for jitter; tests make it deterministic. */
  random?: () => number;
}

/** Reads a `retryAfterMs` property, as set by RateLimitedError and BrokenCircuitError. */
export function defaultRetryAfter(errorOrResult: unknown): number | undefined {
  const value = (errorOrResult as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Calls again after a failure, waiting between attempts. The success path adds one `.then`
 * and nothing else; waits honour the caller's AbortSignal and leave no timer behind.
 */
export class RetryPolicy extends PolicyBase implements Policy {
  private readonly maxAttempts: number;
  private readonly backoff: Backoff;
  private readonly maxDelayMs: number;
  private readonly isRetryable: (error: unknown) => boolean;
  private readonly isResultRetryable: ((result: unknown) => boolean) | undefined;
  private readonly retryAfterMs: (errorOrResult: unknown) => number | undefined;
  private readonly budget: RetryBudget | undefined;
  private readonly clock: Clock;
  private readonly random: () => number;

  constructor(options: RetryOptions = {}) {
    super(options.name ?? 'retry', 'retry');
    const p = `Retry "${this.name}"`;
    this.maxAttempts = integerOption(p, 'maxAttempts', options.maxAttempts, 3, 1);
    this.maxDelayMs = durationOption(p, 'maxDelayMs', options.maxDelayMs, 30_000, 0);
    this.backoff = options.backoff ?? new DecorrelatedJitterBackoff(100, this.maxDelayMs);
    this.isRetryable = options.isRetryable ?? (() => true);
    this.isResultRetryable = options.isResultRetryable;
    this.retryAfterMs = options.retryAfterMs ?? defaultRetryAfter;
    this.budget = options.budget;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
  }

  execute<T>(fn: Guarded<T>, context: PolicyContext = ROOT_CONTEXT): Promise<T> {
    this.stats.calls++;
    if (this.budget) this.budget.recordCall(this.clock.now());
    return this.attempt(fn, context, 1, 0);
  }

  private attempt<T>(
    fn: Guarded<T>,
    context: PolicyContext,
    attempt: number,
    previousDelay: number,
  ): Promise<T> {
    const attemptContext = attempt === 1 ? context : { signal: context.signal, attempt };
    const promise = invoke(fn, attemptContext);
    const check = this.isResultRetryable;
    if (check) {
      return promise.then(
        (result) =>
          check(result)
            ? (this.afterFailure(fn, context, attempt, previousDelay, result, false) as Promise<T>)
            : (this.succeeded(result) as T),
        (error: unknown) => this.afterFailure(fn, context, attempt, previousDelay, error, true) as Promise<T>,
      );
    }
    // Success path: one pre-bound handler and one closure for the (rare) failure.
    return promise.then(
      this.succeeded as (result: T) => T,
      (error: unknown) => this.afterFailure(fn, context, attempt, previousDelay, error, true) as Promise<T>,
    );
  }

  private readonly succeeded = (result: unknown): unknown => {
    this.stats.successes++;
    return result;
  };

  private async afterFailure<T>(
    fn: Guarded<T>,
    context: PolicyContext,
    attempt: number,
    previousDelay: number,
    outcome: unknown,
    isError: boolean,
  ): Promise<T> {
    const giveUp = (reason: 'max_attempts' | 'budget' | 'not_retryable' | 'aborted'): T => {
      this.stats.failures++;
      if (this.hasListeners)
        this.emit({ type: 'retry.gave_up', policy: this.name, attempts: attempt, reason });
      if (isError) throw outcome;
      return outcome as T;
    };
    if (isError && !this.isRetryable(outcome)) return giveUp('not_retryable');
    if (attempt >= this.maxAttempts) return giveUp('max_attempts');
    if (context.signal.aborted) return giveUp('aborted');
    if (this.budget && !this.budget.tryRetry(this.clock.now())) return giveUp('budget');
    const asked = this.retryAfterMs(outcome);
    const delay = Math.min(this.maxDelayMs, asked ?? this.backoff.next(attempt, previousDelay, this.random));
    if (this.hasListeners) {
      this.emit({
        type: 'retry.scheduled',
        policy: this.name,
        attempt: attempt + 1,
        delayMs: delay,
        error: outcome,
      });
    }
    if (delay > 0) {
      try {
        await this.clock.sleep(delay, context.signal === ROOT_CONTEXT.signal ? undefined : context.signal);
      } catch (cause) {
        this.stats.failures++;
        throw new OperationAbortedError(this.name, cause);
      }
    }
    return this.attempt(fn, context, attempt + 1, delay);
  }
}
