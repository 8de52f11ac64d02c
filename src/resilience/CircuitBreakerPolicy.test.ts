import { describe, expect, it } from 'vitest';
import { FakeClock } from '../kernel/index.js';
import { ConsecutiveWindow } from './breaker/ConsecutiveWindow.js';
import { CountWindow } from './breaker/CountWindow.js';
import { CircuitBreakerPolicy } from './CircuitBreakerPolicy.js';
import { BrokenCircuitError } from './errors/rejections.js';
import type { PolicyEvent } from './PolicyEvent.js';

const fail = () => Promise.reject(new Error('down'));
const ok = () => Promise.resolve('ok');

async function failTimes(breaker: CircuitBreakerPolicy, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await breaker.execute(fail).catch(() => undefined);
}

describe('CircuitBreakerPolicy', () => {
  it('opens after consecutive failures, rejects cheaply, then lets a trial through after the break', async () => {
    const clock = new FakeClock();
    const events: PolicyEvent[] = [];
    const breaker = new CircuitBreakerPolicy({
      name: 'api',
      window: new ConsecutiveWindow({ failureThreshold: 3 }),
      breakDurationMs: 1000,
      clock,
    });
    breaker.on((e) => events.push(e));
    await failTimes(breaker, 3);
    expect(breaker.state).toBe('open');
    let called = false;
    const rejection = await breaker
      .execute(async () => {
        called = true;
      })
      .catch((e) => e);
    expect(called).toBe(false);
    expect(rejection).toBeInstanceOf(BrokenCircuitError);
    expect(rejection).toMatchObject({ code: 'CIRCUIT_OPEN', state: 'open', retryAfterMs: 1000 });
    expect(rejection.stack?.split('\n').length).toBeLessThanOrEqual(1);

    await clock.advance(1000);
    expect(breaker.state).toBe('half-open');
    expect(await breaker.execute(ok)).toBe('ok');
    expect(breaker.state).toBe('closed');
    expect(
      events.filter((e) => e.type === 'breaker.state_changed').map((e) => (e as { to: string }).to),
    ).toEqual(['open', 'half-open', 'closed']);
    expect(breaker.stats).toMatchObject({ rejections: 1, failures: 3, successes: 1 });
  });

  it('admits N trial calls while half-open and closes after M successes', async () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreakerPolicy({
      window: new ConsecutiveWindow({ failureThreshold: 1 }),
      breakDurationMs: 100,
      halfOpenMaxCalls: 2,
      halfOpenSuccessesToClose: 2,
      clock,
    });
    await failTimes(breaker, 1);
    await clock.advance(100);
    const release: Array<() => void> = [];
    const trial = () => new Promise<string>((resolve) => release.push(() => resolve('trial')));
    const first = breaker.execute(trial);
    const second = breaker.execute(trial);
    await expect(breaker.execute(trial)).rejects.toMatchObject({ state: 'half-open' });
    release[0]!();
    await first;
    expect(breaker.state).toBe('half-open');
    release[1]!();
    await second;
    expect(breaker.state).toBe('closed');
  });

  it('a failed trial re-opens with an exponentially growing break, capped', async () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreakerPolicy({
      window: new ConsecutiveWindow({ failureThreshold: 1 }),
      breakDurationMs: 100,
      breakDurationMultiplier: 2,
      maxBreakDurationMs: 300,
      clock,
    });
    const breaks: number[] = [];
    for (let i = 0; i < 4; i++) {
      await breaker.execute(fail).catch(() => undefined);
      const rejection = (await breaker.execute(ok).catch((e) => e)) as BrokenCircuitError;
      breaks.push(rejection.retryAfterMs!);
      await clock.advance(rejection.retryAfterMs!);
    }
    expect(breaks).toEqual([100, 200, 300, 300]);
  });

  it('opens on the slow-call rate as well as the failure rate', async () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreakerPolicy({
      window: new CountWindow({
        size: 10,
        minimumCalls: 4,
        failureRateThreshold: 1,
        slowCallRateThreshold: 0.5,
      }),
      slowCallDurationMs: 50,
      clock,
    });
    const slow = async () => {
      const done = clock.sleep(60);
      await clock.advance(60);
      await done;
      return 'slow';
    };
    await breaker.execute(ok);
    await breaker.execute(ok);
    await breaker.execute(slow);
    expect(breaker.state).toBe('closed');
    await breaker.execute(slow);
    expect(breaker.state).toBe('open');
  });

  it('counts only what the predicates call failures', async () => {
    const breaker = new CircuitBreakerPolicy({
      window: new ConsecutiveWindow({ failureThreshold: 2 }),
      isFailure: (e) => (e as Error).message !== 'not found',
      isResultFailure: (r) => r === 503,
    });
    for (let i = 0; i < 5; i++)
      await breaker.execute(() => Promise.reject(new Error('not found'))).catch(() => 0);
    expect(breaker.state).toBe('closed');
    await breaker.execute(() => 503);
    await breaker.execute(() => 503);
    expect(breaker.state).toBe('open');
  });

  it('isolates, disables and runs metrics-only on demand', async () => {
    const breaker = new CircuitBreakerPolicy({ window: new ConsecutiveWindow({ failureThreshold: 1 }) });
    breaker.isolate();
    await expect(breaker.execute(ok)).rejects.toMatchObject({ state: 'isolated', retryAfterMs: undefined });
    breaker.disable();
    await failTimes(breaker, 5);
    expect(await breaker.execute(ok)).toBe('ok');
    breaker.metricsOnly();
    await failTimes(breaker, 5);
    expect(breaker.state).toBe('metrics-only');
    expect(await breaker.execute(ok)).toBe('ok');
    breaker.reset();
    expect(breaker.state).toBe('closed');
  });

  it('saves and restores an open circuit across a restart', async () => {
    const clock = new FakeClock();
    const first = new CircuitBreakerPolicy({
      window: new ConsecutiveWindow({ failureThreshold: 1 }),
      breakDurationMs: 500,
      clock,
    });
    await failTimes(first, 1);
    const saved = JSON.parse(JSON.stringify(first.snapshot()));
    const second = new CircuitBreakerPolicy({ breakDurationMs: 500, clock, initialState: saved });
    await expect(second.execute(ok)).rejects.toBeInstanceOf(BrokenCircuitError);
    await clock.advance(500);
    expect(await second.execute(ok)).toBe('ok');
  });

  it('accepts a break longer than the default cap (the cap follows the break)', () => {
    expect(() => new CircuitBreakerPolicy({ breakDurationMs: 3_600_000 })).not.toThrow();
    expect(() => new CircuitBreakerPolicy({ breakDurationMs: 1000, maxBreakDurationMs: 500 })).toThrow(
      'maxBreakDurationMs',
    );
  });

  it('rejections in one open period share one error, whose retryAfterMs counts down', async () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreakerPolicy({
      window: new ConsecutiveWindow({ failureThreshold: 1 }),
      breakDurationMs: 1000,
      clock,
    });
    await failTimes(breaker, 1);
    const first = (await breaker.execute(ok).catch((e) => e)) as BrokenCircuitError;
    await clock.advance(400);
    const second = (await breaker.execute(ok).catch((e) => e)) as BrokenCircuitError;
    expect(second).toBe(first);
    expect(second.retryAfterMs).toBe(600);
  });

  it('a synchronous throw counts as a failure and is rethrown', async () => {
    const breaker = new CircuitBreakerPolicy({ window: new ConsecutiveWindow({ failureThreshold: 1 }) });
    await expect(
      breaker.execute(() => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    expect(breaker.state).toBe('open');
  });
});
