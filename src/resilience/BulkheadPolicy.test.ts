import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../kernel/index.js';
import { BulkheadPolicy } from './BulkheadPolicy.js';
import { BulkheadRejectedError, OperationAbortedError } from './errors/rejections.js';
import { contextWithSignal } from './Policy.js';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, fn: () => opened.then(() => 'done') };
}

describe('BulkheadPolicy', () => {
  it('runs at most maxConcurrent calls, queues up to maxQueue, rejects the rest', async () => {
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 2, maxQueue: 1 });
    const g = gate();
    const running = [bulkhead.execute(g.fn), bulkhead.execute(g.fn)];
    const queued = bulkhead.execute(g.fn);
    expect(bulkhead.executing).toBe(2);
    expect(bulkhead.queued).toBe(1);
    await expect(bulkhead.execute(g.fn)).rejects.toMatchObject({
      code: 'BULKHEAD_FULL',
      reason: 'queue_full',
    });
    g.open();
    expect(await Promise.all([...running, queued])).toEqual(['done', 'done', 'done']);
    expect(bulkhead.executing).toBe(0);
  });

  it('rejects a call that waited longer than maxQueueWaitMs', async () => {
    const clock = new FakeClock();
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 1, maxQueue: 5, maxQueueWaitMs: 100, clock });
    const g = gate();
    const first = bulkhead.execute(g.fn);
    const waiting = bulkhead.execute(g.fn).catch((e) => e);
    await clock.advance(100);
    expect(await waiting).toBeInstanceOf(BulkheadRejectedError);
    expect(await waiting).toMatchObject({ reason: 'queue_timeout' });
    expect(bulkhead.queued).toBe(0);
    g.open();
    await first;
  });

  it('aborting a queued call releases its place, its timer and its listener', async () => {
    const clock = new FakeClock();
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 1, maxQueue: 1, maxQueueWaitMs: 10_000, clock });
    const g = gate();
    const first = bulkhead.execute(g.fn);
    const controller = new AbortController();
    const waiting = bulkhead.execute(g.fn, contextWithSignal(controller.signal));
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(OperationAbortedError);
    expect(bulkhead.queued).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    const next = bulkhead.execute(g.fn);
    g.open();
    expect(await Promise.all([first, next])).toEqual(['done', 'done']);
  });

  it('releases its slot when the call fails', async () => {
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 1 });
    await expect(bulkhead.execute(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await bulkhead.execute(async () => 1)).toBe(1);
  });
});
