/** What a timer is for: `for`/`keepFiringFor` expiry, staleness, flap settling. */
export const TimerKind = { state: 0, stale: 1, settle: 2 } as const;
export type TimerKind = (typeof TimerKind)[keyof typeof TimerKind];

/** Something with up to one timer of each kind (an alert series). */
export interface TimerOwner {
  /** Breaks ties between timers due at the same time, so the order never depends on history. */
  readonly orderKey: string;
  /** When each timer is wanted (undefined = not wanted). */
  readonly due: Array<number | undefined>;
  /** The due time of the queue entry that stands for each timer, if any. */
  readonly queuedAt: Array<number | undefined>;
  /** Set when the owner is gone: its entries are dropped when they surface. */
  removed: boolean;
}

interface Entry {
  at: number;
  owner: TimerOwner;
  kind: TimerKind;
}

/**
 * A binary min-heap of timers with lazy updates: moving a timer later only changes the owner's
 * `due` (the old entry is re-queued when it surfaces), so a staleness timer pushed back on every
 * sample costs nothing; moving it earlier queues a new entry and the old one is dropped later.
 */
export class TimerQueue {
  private heap: Entry[] = [];

  get size(): number {
    return this.heap.length;
  }

  /** Wants `owner`'s timer of `kind` at `at` (undefined cancels it). */
  schedule(owner: TimerOwner, kind: TimerKind, at: number | undefined): void {
    owner.due[kind] = at;
    if (at === undefined) return;
    const queued = owner.queuedAt[kind];
    if (queued !== undefined && queued <= at) return;
    owner.queuedAt[kind] = at;
    this.push({ at, owner, kind });
  }

  /**
   * When the earliest timer is due, or undefined. Entries whose timer moved later are re-queued
   * on the way, at most `maxRequeues` of them: past that the answer is a lower bound (an
   * evaluate() at that time finds nothing due and requeues more), so a call stays cheap even when
   * thousands of firing alerts pushed their staleness timers back since the last one.
   */
  peek(maxRequeues = 16): number | undefined {
    let requeued = 0;
    for (;;) {
      const top = this.heap[0];
      if (top === undefined) return undefined;
      if (this.dropIfDead(top)) continue;
      if (top.owner.due[top.kind] === top.at || requeued >= maxRequeues) return top.at;
      this.requeueTop(top);
      requeued++;
    }
  }

  /** Takes the earliest timer due at or before `nowMs`; its owner's due for that kind is cleared. */
  popDue(nowMs: number): { owner: TimerOwner; kind: TimerKind; at: number } | undefined {
    for (;;) {
      const top = this.heap[0];
      if (top === undefined || top.at > nowMs) return undefined;
      if (this.dropIfDead(top)) continue;
      const { owner, kind, at } = top;
      if (owner.due[kind] !== at) {
        this.requeueTop(top);
        continue;
      }
      this.pop();
      owner.queuedAt[kind] = undefined;
      owner.due[kind] = undefined;
      return { owner, kind, at };
    }
  }

  /** Drops the top entry when it no longer stands for a timer (owner gone, or superseded). */
  private dropIfDead(top: Entry): boolean {
    if (!top.owner.removed && top.owner.queuedAt[top.kind] === top.at) return false;
    this.pop();
    return true;
  }

  /** The top's timer was moved later or cancelled: queue it at its new time, if any. */
  private requeueTop(top: Entry): void {
    this.pop();
    top.owner.queuedAt[top.kind] = undefined;
    const due = top.owner.due[top.kind];
    if (due !== undefined) this.schedule(top.owner, top.kind, due);
  }

  clear(): void {
    this.heap = [];
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >>> 1;
      if (!before(entry, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): Entry | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  if (a.at !== b.at) return a.at < b.at;
  if (a.owner.orderKey !== b.owner.orderKey) return a.owner.orderKey < b.owner.orderKey;
  return a.kind < b.kind;
}
