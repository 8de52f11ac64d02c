/**
 * Sums of values over the last `windowMs`, in `buckets` slots: constant memory and O(1)
 * amortised per update. Used by the retry budget and the sliding-window rate limiter.
 */
export class RollingCounter {
  private readonly bucketMs: number;
  private readonly slots: Float64Array;
  private epoch = Number.NEGATIVE_INFINITY;
  private sum = 0;

  constructor(windowMs: number, buckets: number) {
    this.bucketMs = windowMs / buckets;
    this.slots = new Float64Array(buckets);
  }

  add(now: number, amount = 1): void {
    this.advance(now);
    this.slots[this.epoch % this.slots.length]! += amount;
    this.sum += amount;
  }

  total(now: number): number {
    this.advance(now);
    return this.sum;
  }

  /** When the oldest non-empty slot leaves the window (ms from now); 0 when empty. */
  msUntilOldestExpires(now: number): number {
    this.advance(now);
    const size = this.slots.length;
    for (let e = this.epoch - size + 1; e <= this.epoch; e++) {
      if (this.slots[((e % size) + size) % size]! > 0) return Math.max(0, (e + size) * this.bucketMs - now);
    }
    return 0;
  }

  private advance(now: number): void {
    const epoch = Math.floor(now / this.bucketMs);
    if (epoch <= this.epoch) return;
    const size = this.slots.length;
    if (epoch - this.epoch >= size) {
      this.slots.fill(0);
      this.sum = 0;
    } else {
      for (let e = this.epoch + 1; e <= epoch; e++) {
        const i = e % size;
        this.sum -= this.slots[i]!;
        this.slots[i] = 0;
      }
    }
    this.epoch = epoch;
  }
}
