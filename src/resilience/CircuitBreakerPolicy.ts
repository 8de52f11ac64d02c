import { type Clock, systemClock } from '../kernel/index.js';
import type { BreakerWindow } from './breaker/BreakerWindow.js';
import type { CircuitState } from './breaker/CircuitState.js';
import { ConsecutiveWindow } from './breaker/ConsecutiveWindow.js';
import { BrokenCircuitError } from './errors/rejections.js';
import { type Guarded, type Policy, type PolicyContext, ROOT_CONTEXT } from './Policy.js';
import { PolicyBase } from './PolicyBase.js';
import { durationOption, integerOption } from './validate-options.js';

export interface CircuitBreakerOptions {
  name?: string;
  /** How outcomes are judged: ConsecutiveWindow (default, 5 failures), CountWindow or TimeWindow. */
  window?: BreakerWindow;
  /** A call slower than this counts as slow (for slow-call thresholds). Off when absent. */
  slowCallDurationMs?: number;
  /** How long the circuit stays open before trial calls. Default 30 s. */
  breakDurationMs?: number;
  /** Each consecutive re-open multiplies the break by this (exponential growth). Default 1 (no growth). */
  breakDurationMultiplier?: number;
  /** Cap of the break duration with growth. Default 5 min. */
  maxBreakDurationMs?: number;
  /** Trial calls admitted at once while half-open. Default 1. */
  halfOpenMaxCalls?: number;
  /** Successful trial calls needed to close. Default 1. */
  halfOpenSuccessesToClose?: number;
  /** Which thrown errors count as failures. Default: all. */
  isFailure?: (error: unknown) => boolean;
  /** Which results count as failures (e.g. HTTP 5xx). Default: none. */
  isResultFailure?: (result: unknown) => boolean;
  /** Start in a saved state (see `snapshot()`), so a restart resumes an open circuit. */
  initialState?: CircuitBreakerSnapshot;
  clock?: Clock;
}

/** What `snapshot()` saves and `initialState` restores. */
export interface CircuitBreakerSnapshot {
  state: CircuitState;
  /** When an open circuit admits trial calls (ms since epoch). */
  openUntil?: number;
  /** Re-opens in a row, driving break-duration growth. */
  consecutiveOpens?: number;
}

/**
 * Stops calling a dependency that keeps failing (or is too slow), then lets trial calls
 * through to see if it recovered. Rejections while open are cheap: no stack trace is taken.
 */
/** One call in 16 is timed for the latency histogram when no rule needs every call timed. */
const LATENCY_SAMPLE_MASK = 15;

export class CircuitBreakerPolicy extends PolicyBase implements Policy {
  private readonly window: BreakerWindow;
  private readonly clock: Clock;
  private readonly slowMs: number;
  private readonly breakMs: number;
  private readonly breakMultiplier: number;
  private readonly maxBreakMs: number;
  private readonly halfOpenMaxCalls: number;
  private readonly successesToClose: number;
  private readonly isFailure: (error: unknown) => boolean;
  private readonly isResultFailure: ((result: unknown) => boolean) | undefined;
  private current: CircuitState = 'closed';
  private openUntil = 0;
  private consecutiveOpens = 0;
  private trialsInFlight = 0;
  private trialSuccesses = 0;
  /** Bumped on every state change, so a trial call that outlived its half-open period is ignored. */
  private generation = 0;
  /** Calls are timed only for slow-call detection, half-open trials, or one call in 16 for the histogram. */
  private readonly timesEveryCall: boolean;
  private sampleCounter = 0;
  private cachedRejection: { generation: number; promise: Promise<never> } | undefined;

  constructor(options: CircuitBreakerOptions = {}) {
    super(options.name ?? 'breaker', 'circuit_breaker');
    const p = `CircuitBreaker "${this.name}"`;
    this.window = options.window ?? new ConsecutiveWindow();
    this.clock = options.clock ?? systemClock;
    this.slowMs =
      options.slowCallDurationMs === undefined
        ? Number.POSITIVE_INFINITY
        : durationOption(p, 'slowCallDurationMs', options.slowCallDurationMs, 0, 0);
    this.breakMs = durationOption(p, 'breakDurationMs', options.breakDurationMs, 30_000, 0);
    this.breakMultiplier = durationOption(
      p,
      'breakDurationMultiplier',
      options.breakDurationMultiplier,
      1,
      1,
    );
    this.maxBreakMs = durationOption(
      p,
      'maxBreakDurationMs',
      options.maxBreakDurationMs,
      Math.max(300_000, this.breakMs),
      this.breakMs,
    );
    this.halfOpenMaxCalls = integerOption(p, 'halfOpenMaxCalls', options.halfOpenMaxCalls, 1);
    this.successesToClose = integerOption(p, 'halfOpenSuccessesToClose', options.halfOpenSuccessesToClose, 1);
    this.isFailure = options.isFailure ?? (() => true);
    this.isResultFailure = options.isResultFailure;
    if (options.initialState) this.restore(options.initialState);
    this.timesEveryCall = this.slowMs !== Number.POSITIVE_INFINITY;
  }

  /** The state now (an open circuit whose break ended reads as half-open). */
  get state(): CircuitState {
    if (this.current === 'open' && this.clock.now() >= this.openUntil) return 'half-open';
    return this.current;
  }

  execute<T>(fn: Guarded<T>, context: PolicyContext = ROOT_CONTEXT): Promise<T> {
    this.stats.calls++;
    // Fast path: closed, nothing to time on this call. Pre-bound handlers, no closure, no clock.
    if (
      this.current === 'closed' &&
      !this.timesEveryCall &&
      (++this.sampleCounter & LATENCY_SAMPLE_MASK) !== 0
    ) {
      return invoke(fn, context).then(this.closedSuccess as (result: T) => T, this.closedFailure);
    }
    return this.executeTimed(fn, context);
  }

  private readonly closedSuccess = (result: unknown): unknown => {
    this.recordUntimed(this.isResultFailure?.(result) === true);
    return result;
  };

  private readonly closedFailure = (error: unknown): never => {
    this.recordUntimed(this.isFailure(error));
    throw error;
  };

  private recordUntimed(failed: boolean): void {
    if (failed) this.stats.failures++;
    else this.stats.successes++;
    if (this.current !== 'closed') return;
    const now = this.window.needsTime ? this.clock.now() : 0;
    this.window.record(failed, false, now);
    if (this.window.shouldOpen(now))
      this.open(now || this.clock.now(), 'failure or slow-call threshold crossed');
  }

  private executeTimed<T>(fn: Guarded<T>, context: PolicyContext): Promise<T> {
    let state = this.current;
    if (state === 'open') {
      if (this.clock.now() < this.openUntil) return this.reject(state);
      this.transition('half-open', 'break ended');
      state = 'half-open';
    }
    if (state === 'half-open') {
      if (this.trialsInFlight >= this.halfOpenMaxCalls) return this.reject(state);
      this.trialsInFlight++;
    } else if (state === 'isolated') {
      return this.reject(state);
    } else if (state === 'disabled') {
      return invoke(fn, context);
    }
    const started = this.clock.now();
    const generation = this.generation;
    return invoke(fn, context).then(
      (result) => {
        this.onOutcome(state, generation, this.isResultFailure?.(result) === true, started);
        return result;
      },
      (error: unknown) => {
        this.onOutcome(state, generation, this.isFailure(error), started);
        throw error;
      },
    );
  }

  /** Forces the circuit open until `reset()` (an operator's kill switch). */
  isolate(): void {
    this.transition('isolated', 'isolated by operator');
  }

  /** Closes the circuit and forgets its history. */
  reset(): void {
    this.window.reset();
    this.consecutiveOpens = 0;
    this.transition('closed', 'reset');
  }

  /** Lets every call through without recording anything. */
  disable(): void {
    this.transition('disabled', 'disabled by operator');
  }

  /** Records and reports as usual but never opens: try a configuration on live traffic. */
  metricsOnly(): void {
    this.transition('metrics-only', 'metrics only');
  }

  /** The state to save across a restart. */
  snapshot(): CircuitBreakerSnapshot {
    return { state: this.current, openUntil: this.openUntil, consecutiveOpens: this.consecutiveOpens };
  }

  private restore(saved: CircuitBreakerSnapshot): void {
    const states: CircuitState[] = ['closed', 'open', 'half-open', 'isolated', 'disabled', 'metrics-only'];
    if (!states.includes(saved.state))
      throw new Error(`CircuitBreaker "${this.name}": unknown saved state ${saved.state}`);
    this.current = saved.state === 'half-open' ? 'open' : saved.state;
    this.openUntil = saved.openUntil ?? 0;
    this.consecutiveOpens = saved.consecutiveOpens ?? 0;
  }

  private onOutcome(stateAtStart: CircuitState, generation: number, failed: boolean, started: number): void {
    const now = this.clock.now();
    const duration = now - started;
    const stats = this.stats;
    stats.latency.record(duration);
    if (failed) stats.failures++;
    else stats.successes++;
    const slow = duration >= this.slowMs;
    if (stateAtStart === 'half-open') {
      if (generation !== this.generation) return;
      this.trialsInFlight--;
      if (failed || slow) {
        this.open(now, failed ? 'trial call failed' : 'trial call was slow');
      } else if (++this.trialSuccesses >= this.successesToClose) {
        this.window.reset();
        this.consecutiveOpens = 0;
        this.transition('closed', 'trial calls succeeded');
      }
      return;
    }
    if (generation !== this.generation || (this.current !== 'closed' && this.current !== 'metrics-only'))
      return;
    if (this.window.record(failed, slow, now)) {
      if (this.current === 'metrics-only') {
        if (this.hasListeners)
          this.emit({ type: 'breaker.rejected', policy: this.name, state: 'metrics-only' });
        return;
      }
      this.open(now, 'failure or slow-call threshold crossed');
    }
  }

  private open(now: number, reason: string): void {
    const growth = this.breakMultiplier ** this.consecutiveOpens;
    this.openUntil = now + Math.min(this.maxBreakMs, this.breakMs * growth);
    this.consecutiveOpens++;
    this.window.reset();
    this.transition('open', reason);
  }

  private transition(to: CircuitState, reason: string): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    this.generation++;
    this.trialsInFlight = 0;
    this.trialSuccesses = 0;
    if (this.hasListeners) this.emit({ type: 'breaker.state_changed', policy: this.name, from, to, reason });
  }

  private reject<T>(state: CircuitState): Promise<T> {
    this.stats.rejections++;
    if (this.hasListeners) this.emit({ type: 'breaker.rejected', policy: this.name, state });
    if (state === 'half-open') {
      return Promise.reject(BrokenCircuitError.create(this.name, state, 0));
    }
    // While open or isolated, every rejection shares one error and one settled promise
    // (made once per open period): a rejected call costs a `.then()`, not a new error.
    let cached = this.cachedRejection;
    if (cached?.generation !== this.generation) {
      const error = BrokenCircuitError.create(this.name, state, undefined);
      if (state === 'open') {
        Object.defineProperty(error, 'retryAfterMs', {
          get: () => Math.max(0, this.openUntil - this.clock.now()),
          enumerable: true,
        });
      }
      const promise = Promise.reject(error);
      promise.catch(() => undefined);
      cached = { generation: this.generation, promise };
      this.cachedRejection = cached;
    }
    return cached.promise.then() as Promise<T>;
  }
}

/** Calls `fn`, turning a synchronous throw into a rejected promise. */
export function invoke<T>(fn: Guarded<T>, context: PolicyContext): Promise<T> {
  try {
    return Promise.resolve(fn(context));
  } catch (error) {
    return Promise.reject(error);
  }
}
