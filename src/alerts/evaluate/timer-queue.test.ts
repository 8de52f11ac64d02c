import { describe, expect, it } from 'vitest';
import { TimerKind, type TimerOwner, TimerQueue } from './timer-queue.js';

function owner(orderKey: string): TimerOwner {
  return {
    orderKey,
    due: [undefined, undefined, undefined],
    queuedAt: [undefined, undefined, undefined],
    removed: false,
  };
}

function drain(queue: TimerQueue, nowMs: number): string[] {
  const fired: string[] = [];
  for (let due = queue.popDue(nowMs); due !== undefined; due = queue.popDue(nowMs)) {
    fired.push(`${due.owner.orderKey}/${due.kind}@${due.at}`);
  }
  return fired;
}

describe('TimerQueue', () => {
  it('gives due timers in time order, ties broken by owner and kind, whatever the scheduling order', () => {
    const queue = new TimerQueue();
    const [a, b] = [owner('a'), owner('b')];
    queue.schedule(b, TimerKind.stale, 10);
    queue.schedule(a, TimerKind.settle, 10);
    queue.schedule(a, TimerKind.state, 10);
    queue.schedule(b, TimerKind.state, 5);
    expect(queue.peek()).toBe(5);
    expect(drain(queue, 9)).toEqual(['b/0@5']);
    expect(drain(queue, 10)).toEqual(['a/0@10', 'a/2@10', 'b/1@10']);
    expect(queue.peek()).toBeUndefined();
  });

  it('follows timers moved later or earlier, and forgets cancelled timers and removed owners', () => {
    const queue = new TimerQueue();
    const [a, b, c] = [owner('a'), owner('b'), owner('c')];
    queue.schedule(a, TimerKind.stale, 10);
    queue.schedule(a, TimerKind.stale, 30); // later: the entry at 10 is requeued when it surfaces
    queue.schedule(b, TimerKind.stale, 20);
    queue.schedule(b, TimerKind.stale, 5); // earlier: a new entry
    queue.schedule(c, TimerKind.state, 1);
    queue.schedule(c, TimerKind.state, undefined);
    expect(queue.peek()).toBe(5);
    expect(drain(queue, 25)).toEqual(['b/1@5']);
    expect(queue.peek()).toBe(30);
    a.removed = true;
    expect(drain(queue, 100)).toEqual([]);
  });

  it('answers peek with a lower bound when very many timers moved later', () => {
    const queue = new TimerQueue();
    const owners = Array.from({ length: 40 }, (_, i) => owner(`o${i}`));
    for (const one of owners) queue.schedule(one, TimerKind.stale, 100);
    for (const one of owners) queue.schedule(one, TimerKind.stale, 200);
    expect(queue.peek(16)).toBe(100);
    expect(drain(queue, 150)).toEqual([]);
    expect(queue.peek(16)).toBe(200);
  });
});
