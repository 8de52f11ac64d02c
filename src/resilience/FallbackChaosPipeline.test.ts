import { describe, expect, it } from 'vitest';
import { createMetricsRegistry, FakeClock } from '../kernel/index.js';
import { BulkheadPolicy } from './BulkheadPolicy.js';
import { ConstantBackoff } from './backoff/ConstantBackoff.js';
import { ConsecutiveWindow } from './breaker/ConsecutiveWindow.js';
import { CountWindow } from './breaker/CountWindow.js';
import { TimeWindow } from './breaker/TimeWindow.js';
import { ChaosPolicy } from './ChaosPolicy.js';
import { CircuitBreakerPolicy } from './CircuitBreakerPolicy.js';
import { ResilienceConfigError } from './errors/ResilienceConfigError.js';
import { BrokenCircuitError, ChaosInjectedError } from './errors/rejections.js';
import { FallbackPolicy } from './FallbackPolicy.js';
import { HedgingPolicy } from './HedgingPolicy.js';
import { registerPolicyMetrics } from './metrics.js';
import type { PolicyEvent } from './PolicyEvent.js';
import { pipeline } from './pipeline.js';
import { RetryBudget } from './RetryBudget.js';
import { RetryPolicy } from './RetryPolicy.js';
import { TimeoutPolicy } from './TimeoutPolicy.js';

describe('FallbackPolicy', () => {
  it('returns the fallback for chosen errors and rethrows the others', async () => {
    const fallback = new FallbackPolicy({ fallback: 'cached', when: (e) => e instanceof BrokenCircuitError });
    expect(await fallback.execute(() => Promise.reject(BrokenCircuitError.create('x', 'open', 1)))).toBe(
      'cached',
    );
    await expect(fallback.execute(() => Promise.reject(new Error('other')))).rejects.toThrow('other');
    const computed = new FallbackPolicy({ fallback: (e: unknown) => `from ${(e as Error).message}` });
    expect(await computed.executeWithFallback(() => Promise.reject(new Error('boom')))).toBe('from boom');
  });
});

describe('ChaosPolicy', () => {
  it('injects nothing until enabled, then faults, latency and wrong results at their rates, switchable at run time', async () => {
    const clock = new FakeClock();
    const chaos = new ChaosPolicy({ faultRate: 1, clock, random: () => 0 });
    expect(await chaos.execute(async () => 'real')).toBe('real');
    chaos.configure({ enabled: true });
    await expect(chaos.execute(async () => 'real')).rejects.toBeInstanceOf(ChaosInjectedError);
    chaos.configure({ faultRate: 0, resultRate: 1, result: () => 'wrong' });
    expect(await chaos.execute(async () => 'real')).toBe('wrong');
    chaos.configure({ resultRate: 0, latencyRate: 1, latencyMs: 300 });
    let done = false;
    const slow = chaos
      .execute(async () => 'late')
      .then((v) => {
        done = true;
        return v;
      });
    await clock.advance(299);
    expect(done).toBe(false);
    await clock.advance(1);
    expect(await slow).toBe('late');
    chaos.configure({ enabled: false });
    expect(await chaos.execute(async () => 'real')).toBe('real');
  });
});

describe('pipeline', () => {
  it('applies policies outermost first and reports every policy’s events through one listener', async () => {
    const clock = new FakeClock();
    const retry = new RetryPolicy({
      name: 'retry',
      maxAttempts: 5,
      backoff: new ConstantBackoff(0),
      isRetryable: (e) => !(e instanceof BrokenCircuitError),
      clock,
    });
    const breaker = new CircuitBreakerPolicy({
      name: 'breaker',
      window: new ConsecutiveWindow({ failureThreshold: 2 }),
      clock,
    });
    const timeout = new TimeoutPolicy({ name: 'timeout', timeoutMs: 1000, clock });
    const policy = pipeline(retry, breaker, timeout);
    const events: PolicyEvent[] = [];
    policy.on((e) => events.push(e));
    let calls = 0;
    const result = await policy
      .execute(async () => {
        calls++;
        throw new Error('down');
      })
      .catch((e) => e);
    // Two real calls open the breaker; its rejection is not retried.
    expect(calls).toBe(2);
    expect(result).toBeInstanceOf(BrokenCircuitError);
    expect(new Set(events.map((e) => e.policy))).toEqual(new Set(['retry', 'breaker']));
    expect(policy.name).toBe('retry → breaker → timeout');
    expect(await pipeline(timeout).execute(async () => 42)).toBe(42);
  });
});

describe('configuration', () => {
  const invalid: Array<[string, () => unknown, string]> = [
    ['negative break', () => new CircuitBreakerPolicy({ breakDurationMs: -1 }), 'breakDurationMs'],
    ['threshold above 1', () => new CountWindow({ failureRateThreshold: 1.5 }), 'failureRateThreshold'],
    ['zero window size', () => new CountWindow({ size: 0 }), 'size'],
    ['zero time window', () => new TimeWindow({ windowMs: 0 }), 'windowMs'],
    ['zero consecutive threshold', () => new ConsecutiveWindow({ failureThreshold: 0 }), 'failureThreshold'],
    ['zero attempts', () => new RetryPolicy({ maxAttempts: 0 }), 'maxAttempts'],
    ['negative timeout', () => new TimeoutPolicy({ timeoutMs: -5 }), 'timeoutMs'],
    ['zero capacity bulkhead', () => new BulkheadPolicy({ maxConcurrent: 0 }), 'maxConcurrent'],
    ['retry budget ratio', () => new RetryBudget({ ratio: 2 }), 'ratio'],
    ['hedge percentile', () => new HedgingPolicy({ percentile: 7 }), 'percentile'],
    ['chaos rate', () => new ChaosPolicy({ faultRate: -0.1 }), 'faultRate'],
  ];
  for (const [what, build, option] of invalid) {
    it(`rejects ${what} at construction, naming "${option}"`, () => {
      expect(build).toThrow(ResilienceConfigError);
      expect(build).toThrow(`"${option}"`);
    });
  }
});

describe('metrics', () => {
  it('appear in the metrics registry with counters and a latency histogram', async () => {
    const registry = createMetricsRegistry();
    // With slow-call detection every call is timed (otherwise one call in 16 is sampled).
    const breaker = new CircuitBreakerPolicy({ name: 'checks', slowCallDurationMs: 1000 });
    registerPolicyMetrics(registry, breaker);
    await breaker.execute(async () => 1);
    await breaker.execute(() => Promise.reject(new Error('x'))).catch(() => undefined);
    const text = await registry.metrics();
    expect(text).toContain('vigia_resilience_calls_total{policy="checks",kind="circuit_breaker"} 2');
    expect(text).toContain('vigia_resilience_failures_total{policy="checks",kind="circuit_breaker"} 1');
    expect(text).toMatch(
      /vigia_resilience_call_duration_seconds_count\{policy="checks",kind="circuit_breaker"\} 2/,
    );
    expect(text).toMatch(
      /vigia_resilience_call_duration_seconds_bucket\{policy="checks",kind="circuit_breaker",le="\+Inf"\} 2/,
    );
  });
});
