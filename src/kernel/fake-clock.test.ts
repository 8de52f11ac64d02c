import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock.js';

describe('FakeClock', () => {
  it('fires timers in time order only when advanced', async () => {
    const clock = new FakeClock(1000);
    const fired: string[] = [];
    clock.setTimer(50, () => fired.push('b'));
    clock.setTimer(10, () => fired.push('a'));
    const cancelled = clock.setTimer(20, () => fired.push('never'));
    cancelled.cancel();
    await clock.advance(9);
    expect(fired).toEqual([]);
    await clock.advance(100);
    expect(fired).toEqual(['a', 'b']);
    expect(clock.now()).toBe(1109);
    expect(clock.pendingTimers).toBe(0);
  });

  it('sleep resolves after the delay and rejects on abort without leaking its timer', async () => {
    const clock = new FakeClock();
    let slept = false;
    const sleeping = clock.sleep(100).then(() => {
      slept = true;
    });
    await clock.advance(99);
    expect(slept).toBe(false);
    await clock.advance(1);
    await sleeping;
    expect(slept).toBe(true);

    const controller = new AbortController();
    const aborted = clock.sleep(1000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    expect(clock.pendingTimers).toBe(0);
  });
});
