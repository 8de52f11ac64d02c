import { VigiaError } from '../../kernel/index.js';
import type { CircuitState } from '../breaker/CircuitState.js';

/**
 * Creates an error without capturing a stack trace: rejections on a hot path (open circuit,
 * full bulkhead, rate limit) must be cheap, and their stack says nothing useful anyway.
 */
function withoutStack<T>(create: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return create();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** The circuit is open (or isolated): the call was not made. */
export class BrokenCircuitError extends VigiaError {
  constructor(
    readonly policy: string,
    readonly state: CircuitState,
    /** Milliseconds until a trial call may pass; undefined while isolated. */
    readonly retryAfterMs: number | undefined,
  ) {
    super('CIRCUIT_OPEN', `Circuit "${policy}" is ${state}; the call was not made`, {
      details: { policy, state },
    });
  }

  static create(policy: string, state: CircuitState, retryAfterMs: number | undefined): BrokenCircuitError {
    return withoutStack(() => new BrokenCircuitError(policy, state, retryAfterMs));
  }
}

/** The call did not finish within its timeout. */
export class TaskTimeoutError extends VigiaError {
  constructor(
    readonly policy: string,
    readonly timeoutMs: number,
  ) {
    super('TIMEOUT', `"${policy}" timed out after ${timeoutMs} ms`, { details: { policy, timeoutMs } });
  }
}

/** The bulkhead had no free slot and no room (or time) left in its queue. */
export class BulkheadRejectedError extends VigiaError {
  constructor(
    readonly policy: string,
    readonly reason: 'queue_full' | 'queue_timeout',
  ) {
    super(
      'BULKHEAD_FULL',
      reason === 'queue_full'
        ? `Bulkhead "${policy}" is full and its queue too; the call was not made`
        : `Bulkhead "${policy}" queue wait ran out; the call was not made`,
      { details: { policy, reason } },
    );
  }

  static create(policy: string, reason: 'queue_full' | 'queue_timeout'): BulkheadRejectedError {
    return withoutStack(() => new BulkheadRejectedError(policy, reason));
  }
}

/** The rate limit for this key is used up; `retryAfterMs` says when a call may pass. */
export class RateLimitedError extends VigiaError {
  constructor(
    readonly policy: string,
    readonly key: string,
    readonly retryAfterMs: number,
  ) {
    super(
      'RATE_LIMITED',
      `Rate limit "${policy}" reached for "${key}"; retry after ${Math.ceil(retryAfterMs)} ms`,
      {
        details: { policy, key, retryAfterMs },
      },
    );
  }

  static create(policy: string, key: string, retryAfterMs: number): RateLimitedError {
    return withoutStack(() => new RateLimitedError(policy, key, retryAfterMs));
  }
}

/** An error injected by a chaos policy. */
export class ChaosInjectedError extends VigiaError {
  constructor(readonly policy: string) {
    super('CHAOS_INJECTED', `Fault injected by chaos policy "${policy}"`, { details: { policy } });
  }
}

/** The caller aborted the call (its AbortSignal fired). */
export class OperationAbortedError extends VigiaError {
  constructor(policy: string, cause?: unknown) {
    super('ABORTED', `"${policy}" was aborted by the caller`, { cause, details: { policy } });
  }
}
