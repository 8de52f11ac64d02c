import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../kernel/index.js';
import { TaskTimeoutError } from './errors/rejections.js';
import { contextWithSignal, type PolicyContext } from './Policy.js';
import { TimeoutPolicy } from './TimeoutPolicy.js';

describe('TimeoutPolicy', () => {
  it('cooperative: aborts the signal at the deadline and fails with TaskTimeoutError', async () => {
    const clock = new FakeClock();
    const timeout = new TimeoutPolicy({ timeoutMs: 100, clock });
    const call = timeout.execute(
      (ctx) =>
        new Promise((_, reject) => {
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason));
        }),
    );
    const outcome = call.catch((e) => e);
    await clock.advance(100);
    expect(await outcome).toBeInstanceOf(TaskTimeoutError);
    expect(await outcome).toMatchObject({ code: 'TIMEOUT', timeoutMs: 100 });
  });

  it('aggressive: rejects at the deadline even if the function ignores its signal', async () => {
    const clock = new FakeClock();
    const timeout = new TimeoutPolicy({ timeoutMs: 50, strategy: 'aggressive', clock });
    const call = timeout.execute(() => new Promise(() => undefined)).catch((e) => e);
    await clock.advance(50);
    expect(await call).toBeInstanceOf(TaskTimeoutError);
  });

  it('the success path creates no timer per call and no AbortController unless the signal is read', async () => {
    const clock = new FakeClock();
    const timeout = new TimeoutPolicy({ timeoutMs: 1000, clock });
    const contexts: PolicyContext[] = [];
    for (let i = 0; i < 1000; i++) {
      await timeout.execute(async (ctx) => {
        contexts.push(ctx);
        return i;
      });
    }
    // One shared timer serves every deadline; none is left pending per call.
    expect(clock.pendingTimers).toBe(1);
    expect(timeout.pendingDeadlines).toBe(0);
    expect(contexts.every((c) => !(c as unknown as { controller?: unknown }).controller)).toBe(true);
    await clock.advance(1000);
    expect(clock.pendingTimers).toBe(0);
  });

  it('follows the caller’s signal and removes its listener when done', async () => {
    const clock = new FakeClock();
    const timeout = new TimeoutPolicy({ timeoutMs: 1000, clock });
    const caller = new AbortController();
    let inner: AbortSignal | undefined;
    const call = timeout.execute(
      (ctx) =>
        new Promise((_, reject) => {
          inner = ctx.signal;
          ctx.signal.addEventListener('abort', () => reject(new Error('caller gave up')));
        }),
      contextWithSignal(caller.signal),
    );
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(1);
    caller.abort();
    await expect(call).rejects.toThrow('caller gave up');
    expect(inner?.aborted).toBe(true);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    expect(timeout.pendingDeadlines).toBe(0);
  });
});
