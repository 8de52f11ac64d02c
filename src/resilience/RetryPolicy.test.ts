import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../kernel/index.js';
import { ConstantBackoff } from './backoff/ConstantBackoff.js';
import { DecorrelatedJitterBackoff } from './backoff/DecorrelatedJitterBackoff.js';
import { ExponentialBackoff } from './backoff/ExponentialBackoff.js';
import { FullJitterBackoff } from './backoff/FullJitterBackoff.js';
import { OperationAbortedError, RateLimitedError } from './errors/rejections.js';
import { contextWithSignal } from './Policy.js';
import type { PolicyEvent } from './PolicyEvent.js';
import { RetryBudget } from './RetryBudget.js';
import { RetryPolicy } from './RetryPolicy.js';

function flaky(failures: number, error: () => unknown = () => new Error('flaky')) {
  let calls = 0;
  const fn = async () => {
    calls++;
    if (calls <= failures) throw error();
    return `ok after ${calls}`;
  };
  return { fn, calls: () => calls };
}

/** Runs `promise` while advancing the fake clock until it settles. */
async function drive<T>(clock: FakeClock, promise: Promise<T>): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 1000 && !settled; i++) await clock.advance(10);
  return promise;
}

describe('RetryPolicy', () => {
  it('retries with the backoff delays until success, reporting each retry', async () => {
    const clock = new FakeClock();
    const retry = new RetryPolicy({ maxAttempts: 4, backoff: new ExponentialBackoff(100, 10_000), clock });
    const events: PolicyEvent[] = [];
    retry.on((e) => events.push(e));
    const { fn, calls } = flaky(2);
    expect(await drive(clock, retry.execute(fn))).toBe('ok after 3');
    expect(calls()).toBe(3);
    expect(events.map((e) => (e.type === 'retry.scheduled' ? e.delayMs : e.type))).toEqual([100, 200]);
  });

  it('gives up after maxAttempts with the last error, and never retries what is not retryable', async () => {
    const clock = new FakeClock();
    const retry = new RetryPolicy({ maxAttempts: 3, backoff: new ConstantBackoff(5), clock });
    const { fn, calls } = flaky(10);
    await expect(drive(clock, retry.execute(fn))).rejects.toThrow('flaky');
    expect(calls()).toBe(3);

    const picky = new RetryPolicy({ isRetryable: (e) => (e as Error).message !== 'fatal', clock });
    const fatal = flaky(10, () => new Error('fatal'));
    await expect(picky.execute(fatal.fn)).rejects.toThrow('fatal');
    expect(fatal.calls()).toBe(1);
  });

  it('retries results the predicate rejects, and returns the last one when attempts run out', async () => {
    const clock = new FakeClock();
    let n = 0;
    const retry = new RetryPolicy({
      maxAttempts: 3,
      isResultRetryable: (r) => r === 503,
      backoff: new ConstantBackoff(1),
      clock,
    });
    expect(
      await drive(
        clock,
        retry.execute(async () => (++n < 3 ? 503 : 200)),
      ),
    ).toBe(200);
    expect(
      await drive(
        clock,
        retry.execute(async () => 503),
      ),
    ).toBe(503);
  });

  it('honours the Retry-After a failure carries, capped by maxDelayMs', async () => {
    const clock = new FakeClock();
    const delays: number[] = [];
    const retry = new RetryPolicy({ maxAttempts: 3, maxDelayMs: 2000, clock });
    retry.on((e) => {
      if (e.type === 'retry.scheduled') delays.push(e.delayMs);
    });
    let n = 0;
    const result = drive(
      clock,
      retry.execute(async () => {
        n++;
        if (n === 1) throw RateLimitedError.create('api', 'host', 750);
        if (n === 2) throw RateLimitedError.create('api', 'host', 60_000);
        return 'done';
      }),
    );
    expect(await result).toBe('done');
    expect(delays).toEqual([750, 2000]);
  });

  it('a retry budget stops an outage from becoming a retry storm', async () => {
    const clock = new FakeClock();
    const budget = new RetryBudget({ ratio: 0.1, minRetriesPerSecond: 0, windowMs: 10_000 });
    const retry = new RetryPolicy({ maxAttempts: 5, backoff: new ConstantBackoff(0), budget, clock });
    let attempts = 0;
    const failing = async () => {
      attempts++;
      throw new Error('outage');
    };
    for (let i = 0; i < 100; i++) await retry.execute(failing).catch(() => undefined);
    // 100 calls with a 10% budget: 10 retries at most, instead of 400.
    expect(attempts).toBe(110);
  });

  it('an AbortSignal cancels the wait and leaves no timer or listener behind', async () => {
    const clock = new FakeClock();
    const retry = new RetryPolicy({ maxAttempts: 3, backoff: new ConstantBackoff(10_000), clock });
    const controller = new AbortController();
    const pending = retry.execute(flaky(5).fn, contextWithSignal(controller.signal));
    await clock.advance(1);
    expect(clock.pendingTimers).toBe(1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(OperationAbortedError);
    expect(clock.pendingTimers).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('jittered backoffs stay within their bounds', () => {
    const random = () => 0.999;
    const full = new FullJitterBackoff(100, 1000);
    expect(full.next(3, 0, random)).toBeLessThan(400);
    const decorrelated = new DecorrelatedJitterBackoff(100, 1000);
    let previous = 0;
    for (let attempt = 1; attempt < 20; attempt++) {
      const delay = decorrelated.next(attempt, previous, random);
      expect(delay).toBeGreaterThanOrEqual(100);
      expect(delay).toBeLessThanOrEqual(Math.max(1000, 0));
      previous = delay;
    }
  });
});
