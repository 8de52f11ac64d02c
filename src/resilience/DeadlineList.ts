import type { Clock, TimerHandle } from '../kernel/index.js';

/** One pending deadline; unlink it when the work finishes first. */
export interface Deadline {
  at: number;
  onExpire: () => void;
  prev: Deadline | undefined;
  next: Deadline | undefined;
  linked: boolean;
}

/**
 * Deadlines of one fixed duration, in a doubly-linked list: since every entry has the same
 * duration, insertion order is deadline order. One timer serves them all (armed for the
 * head); finishing before the deadline is an O(1) unlink with no timer created or cleared.
 * Sequential calls arm at most one timer per `durationMs`.
 */
export class DeadlineList {
  private head: Deadline | undefined;
  private tail: Deadline | undefined;
  private timer: TimerHandle | undefined;
  private size = 0;

  constructor(
    private readonly clock: Clock,
    private readonly durationMs: number,
  ) {}

  /** Number of deadlines pending (tests assert nothing leaks). */
  get pending(): number {
    return this.size;
  }

  add(onExpire: () => void): Deadline {
    const entry: Deadline = {
      at: this.clock.now() + this.durationMs,
      onExpire,
      prev: this.tail,
      next: undefined,
      linked: true,
    };
    if (this.tail) this.tail.next = entry;
    else this.head = entry;
    this.tail = entry;
    this.size++;
    if (!this.timer) this.arm(entry.at);
    return entry;
  }

  remove(entry: Deadline): void {
    if (!entry.linked) return;
    entry.linked = false;
    if (entry.prev) entry.prev.next = entry.next;
    else this.head = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else this.tail = entry.prev;
    entry.prev = undefined;
    entry.next = undefined;
    this.size--;
    // The timer is left armed even when the list empties: cancelling and re-creating it per
    // call is the cost this structure exists to avoid. It fires once, finds nothing, and stops.
  }

  private arm(at: number): void {
    this.timer = this.clock.setTimer(Math.max(0, at - this.clock.now()), () => this.fire());
  }

  private fire(): void {
    this.timer = undefined;
    const now = this.clock.now();
    while (this.head && this.head.at <= now) {
      const expired = this.head;
      this.remove(expired);
      expired.onExpire();
    }
    if (this.head && !this.timer) this.arm(this.head.at);
  }
}
