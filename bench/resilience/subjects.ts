/**
 * What is measured: one policy per library, configured alike, wrapping the same async no-op.
 * Each `call` is its own arrow function, so that every library's `execute` is called from a
 * call site that sees only that library (one shared loop would make it megamorphic for all).
 */
import {
  bulkhead,
  ExponentialBackoff as CockatielExponentialBackoff,
  ConsecutiveBreaker,
  CountBreaker,
  circuitBreaker,
  handleAll,
  retry,
  SamplingBreaker,
  TimeoutStrategy,
  timeout,
  wrap,
} from 'cockatiel';
import OpossumBreaker from 'opossum';
import { TIME_WINDOW_MS } from './settings.js';
import type { VigiaModule } from './vigia-build.js';

export type Library = 'vigia' | 'cockatiel' | 'opossum';

/** One configured policy, ready to be called. */
export interface Subject {
  /** Runs the no-op once under the policy. */
  call: () => Promise<unknown>;
  /** Stops whatever the policy keeps running (opossum's interval timers, cockatiel's isolation). */
  dispose: () => void;
}

export type SubjectFactory = () => Subject;

/** One policy in each library that has it: Vigia and cockatiel always, opossum for breakers. */
export type Subjects = Partial<Record<Library, SubjectFactory>> &
  Record<'vigia' | 'cockatiel', SubjectFactory>;

/** The function every policy wraps. */
const noop = async (): Promise<number> => 1;
const nothing = () => undefined;

/**
 * Break duration for every breaker: longer than any case runs (Vigia caps breaks at 5 min by
 * default), so that a circuit forced open stays open.
 */
const BREAK_MS = 300_000;
/** The breakers' thresholds, alike across libraries (never reached on the success path). */
const CONSECUTIVE_FAILURES = 5;
const COUNT_SIZE = 100;
const COUNT_MINIMUM_CALLS = 10;
const FAILURE_RATE = 0.5;
/** cockatiel's SamplingBreaker needs, by default, 5 failures/s at a 50 % rate: 100 calls in 10 s. */
const TIME_MINIMUM_CALLS = 100;
const TIME_BUCKETS = 10;
const TIMEOUT_MS = 10_000;

/** opossum's breaker: see `createSubjects`. */
const opossumTimeBreaker = () =>
  new OpossumBreaker(noop, {
    timeout: false,
    resetTimeout: BREAK_MS,
    errorThresholdPercentage: FAILURE_RATE * 100,
    volumeThreshold: TIME_MINIMUM_CALLS,
    rollingCountTimeout: TIME_WINDOW_MS,
    rollingCountBuckets: TIME_BUCKETS,
  });

/**
 * Every measured policy, Vigia's from `vigia` (the build under measurement).
 *
 * - Breakers: consecutive (5 failures), count-based (last 100 calls, ≥ 10 calls, 50 % failures)
 *   and time-based (10 s in 10 buckets, ≥ 100 calls, 50 % failures); cockatiel's
 *   ConsecutiveBreaker(5), CountBreaker({ threshold: 0.5, size: 100, minimumNumberOfCalls: 10 })
 *   and SamplingBreaker({ threshold: 0.5, duration: 10 s }). opossum's breaker judges a rolling
 *   time window (10 s in 10 buckets, volumeThreshold 100, 50 %); its own timeout (on by default)
 *   is turned off so that only the breaker is measured, all else is its default (latency
 *   percentiles and snapshots on).
 * - Retry: cockatiel's `maxAttempts` counts retries, Vigia's counts attempts with the first, so
 *   3 retries is `maxAttempts: 3` for cockatiel and `maxAttempts: 4` for Vigia.
 * - Pipeline: retry → consecutive breaker → timeout, outermost first, each configured as alone.
 */
export function createSubjects(vigia: VigiaModule) {
  const vigiaConsecutiveBreaker = () =>
    new vigia.CircuitBreakerPolicy({
      window: new vigia.ConsecutiveWindow({ failureThreshold: CONSECUTIVE_FAILURES }),
      breakDurationMs: BREAK_MS,
    });
  const cockatielConsecutiveBreaker = () =>
    circuitBreaker(handleAll, {
      halfOpenAfter: BREAK_MS,
      breaker: new ConsecutiveBreaker(CONSECUTIVE_FAILURES),
    });
  const vigiaRetry = () => new vigia.RetryPolicy({ maxAttempts: 4, backoff: new vigia.ExponentialBackoff() });
  const cockatielRetry = () =>
    retry(handleAll, { maxAttempts: 3, backoff: new CockatielExponentialBackoff() });
  const vigiaTimeout = () => new vigia.TimeoutPolicy({ timeoutMs: TIMEOUT_MS, strategy: 'cooperative' });
  const cockatielTimeout = () => timeout(TIMEOUT_MS, TimeoutStrategy.Cooperative);

  const breakerTime = {
    vigia: (): Subject => {
      const policy = new vigia.CircuitBreakerPolicy({
        window: new vigia.TimeWindow({
          windowMs: TIME_WINDOW_MS,
          buckets: TIME_BUCKETS,
          minimumCalls: TIME_MINIMUM_CALLS,
          failureRateThreshold: FAILURE_RATE,
        }),
        breakDurationMs: BREAK_MS,
      });
      return { call: () => policy.execute(noop), dispose: nothing };
    },
    cockatiel: (): Subject => {
      const policy = circuitBreaker(handleAll, {
        halfOpenAfter: BREAK_MS,
        breaker: new SamplingBreaker({ threshold: FAILURE_RATE, duration: TIME_WINDOW_MS }),
      });
      return { call: () => policy.execute(noop), dispose: nothing };
    },
    opossum: (): Subject => {
      const breaker = opossumTimeBreaker();
      return { call: () => breaker.fire(), dispose: () => breaker.shutdown() };
    },
  } satisfies Subjects;

  return {
    breakerConsecutive: {
      vigia: (): Subject => {
        const policy = vigiaConsecutiveBreaker();
        return { call: () => policy.execute(noop), dispose: nothing };
      },
      cockatiel: (): Subject => {
        const policy = cockatielConsecutiveBreaker();
        return { call: () => policy.execute(noop), dispose: nothing };
      },
    },

    breakerCount: {
      vigia: (): Subject => {
        const policy = new vigia.CircuitBreakerPolicy({
          window: new vigia.CountWindow({
            size: COUNT_SIZE,
            minimumCalls: COUNT_MINIMUM_CALLS,
            failureRateThreshold: FAILURE_RATE,
          }),
          breakDurationMs: BREAK_MS,
        });
        return { call: () => policy.execute(noop), dispose: nothing };
      },
      cockatiel: (): Subject => {
        const policy = circuitBreaker(handleAll, {
          halfOpenAfter: BREAK_MS,
          breaker: new CountBreaker({
            threshold: FAILURE_RATE,
            size: COUNT_SIZE,
            minimumNumberOfCalls: COUNT_MINIMUM_CALLS,
          }),
        });
        return { call: () => policy.execute(noop), dispose: nothing };
      },
    },

    breakerTime,

    /**
     * Circuit forced open: Vigia's and cockatiel's `isolate()` (consecutive breakers), opossum's
     * `open()` (its break outlasts the run). Every call is rejected without running the no-op.
     */
    breakerOpen: {
      vigia: (): Subject => {
        const policy = vigiaConsecutiveBreaker();
        policy.isolate();
        return { call: () => policy.execute(noop), dispose: nothing };
      },
      cockatiel: (): Subject => {
        const policy = cockatielConsecutiveBreaker();
        const isolation = policy.isolate();
        return { call: () => policy.execute(noop), dispose: () => isolation.dispose() };
      },
      opossum: (): Subject => {
        const breaker = opossumTimeBreaker();
        breaker.open();
        return { call: () => breaker.fire(), dispose: () => breaker.shutdown() };
      },
    },

    retrySuccess: {
      vigia: (): Subject => {
        const policy = vigiaRetry();
        return { call: () => policy.execute(noop), dispose: nothing };
      },
      cockatiel: (): Subject => {
        const policy = cockatielRetry();
        return { call: () => policy.execute(noop), dispose: nothing };
      },
    },

    timeoutSuccess: {
      vigia: (): Subject => {
        const policy = vigiaTimeout();
        return { call: () => policy.execute(noop), dispose: nothing };
      },
      cockatiel: (): Subject => {
        const policy = cockatielTimeout();
        return { call: () => policy.execute(noop), dispose: nothing };
      },
    },

    bulkheadSuccess: {
      vigia: (): Subject => {
        const policy = new vigia.BulkheadPolicy({ maxConcurrent: 100, maxQueue: 1000 });
        return { call: () => policy.execute(noop), dispose: nothing };
      },
      cockatiel: (): Subject => {
        const policy = bulkhead(100, 1000);
        return { call: () => policy.execute(noop), dispose: nothing };
      },
    },

    pipelineSuccess: {
      vigia: (): Subject => {
        const policy = vigia.pipeline(vigiaRetry(), vigiaConsecutiveBreaker(), vigiaTimeout());
        return { call: () => policy.execute(noop), dispose: nothing };
      },
      cockatiel: (): Subject => {
        const policy = wrap(cockatielRetry(), cockatielConsecutiveBreaker(), cockatielTimeout());
        return { call: () => policy.execute(noop), dispose: nothing };
      },
    },

    /** The breakers of the memory metric: time windows of TIME_WINDOW_MS, one per library. */
    memoryBreakers: breakerTime as Record<Library, SubjectFactory>,
  } satisfies Record<string, Subjects>;
}

/** The policies measured for throughput, by name (each worker builds them from this name). */
export type SubjectName = Exclude<keyof ReturnType<typeof createSubjects>, 'memoryBreakers'>;
