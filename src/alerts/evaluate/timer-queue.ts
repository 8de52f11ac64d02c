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

  /** The earliest time a live timer is due, or undefined. */
  peek(): number | undefined {
    for (;;) {
      const top = this.heap[0];
      if (top === undefined) return undefined;
      const { owner, kind } = top;
      if (owner.removed || owner.queuedAt[kind] !== top.at) {
        this.pop();
        continue;
      }
      const due = owner.due[kind];
      if (due === top.at) return top.at;
      this.pop();
      owner.queuedAt[kind] = undefined;
      if (due !== undefined) this.schedule(owner, kind, due);
    }
  }

  /** Takes the earliest timer due at or before `nowMs`; its owner's due for that kind is cleared. */
  popDue(nowMs: number): { owner: TimerOwner; kind: TimerKind; at: number } | undefined {
    const at = this.peek();
    if (at === undefined || at > nowMs) return undefined;
    const { owner, kind } = this.pop()!;
    owner.queuedAt[kind] = undefined;
    owner.due[kind] = undefined;
    return { owner, kind, at };
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
