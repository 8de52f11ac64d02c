import type { CircuitState } from './breaker/CircuitState.js';

interface Base {
  /** Name of the policy that emitted the event. */
  policy: string;
}

/** Every event a policy can emit, discriminated by `type`. */
export type PolicyEvent =
  | (Base & { type: 'breaker.state_changed'; from: CircuitState; to: CircuitState; reason: string })
  | (Base & { type: 'breaker.rejected'; state: CircuitState })
  | (Base & { type: 'retry.scheduled'; attempt: number; delayMs: number; error?: unknown })
  | (Base & {
      type: 'retry.gave_up';
      attempts: number;
      reason: 'max_attempts' | 'budget' | 'not_retryable' | 'aborted';
    })
  | (Base & { type: 'timeout.timed_out'; timeoutMs: number })
  | (Base & { type: 'bulkhead.rejected'; reason: 'queue_full' | 'queue_timeout' })
  | (Base & { type: 'rate_limiter.rejected'; key: string; retryAfterMs: number })
  | (Base & { type: 'hedge.started'; attempt: number; delayMs: number })
  | (Base & { type: 'fallback.used'; error: unknown })
  | (Base & { type: 'chaos.injected'; fault: 'error' | 'latency' | 'result' });

export type PolicyEventType = PolicyEvent['type'];
