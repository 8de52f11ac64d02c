import { RollingCounter } from '../RollingCounter.js';
import { durationOption, integerOption } from '../validate-options.js';
import type { RateLimiter } from './RateLimiter.js';

export interface SlidingWindowOptions {
  /** Calls allowed per window. */
  limit: number;
  /** Window length. */
  windowMs: number;
  /** Slots the window is split into (precision). Default 10. */
  buckets?: number;
}

/** At most `limit` calls in any window of `windowMs` (to the precision of one bucket). */
export class SlidingWindowLimiter implements RateLimiter {
  private readonly limit: number;
  private readonly counter: RollingCounter;

  constructor(options: SlidingWindowOptions) {
    this.limit = integerOption('SlidingWindowLimiter', 'limit', options.limit, Number.NaN, 1);
    const windowMs = durationOption('SlidingWindowLimiter', 'windowMs', options.windowMs, Number.NaN, 1);
    this.counter = new RollingCounter(
      windowMs,
      integerOption('SlidingWindowLimiter', 'buckets', options.buckets, 10, 1),
    );
  }

  tryAcquire(now: number): number {
    if (this.counter.total(now) < this.limit) {
      this.counter.add(now);
      return 0;
    }
    return Math.max(1, this.counter.msUntilOldestExpires(now));
  }
}
