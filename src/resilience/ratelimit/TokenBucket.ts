import { durationOption } from '../validate-options.js';
import type { RateLimiter } from './RateLimiter.js';

export interface TokenBucketOptions {
  /** Burst size: tokens the bucket holds when full. */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
}

/** Allows bursts up to `capacity`, and `refillPerSecond` on average. */
export class TokenBucket implements RateLimiter {
  private readonly capacity: number;
  private readonly perMs: number;
  private tokens: number;
  private updatedAt = Number.NaN;

  constructor(options: TokenBucketOptions) {
    this.capacity = durationOption('TokenBucket', 'capacity', options.capacity, Number.NaN, 1);
    this.perMs =
      durationOption(
        'TokenBucket',
        'refillPerSecond',
        options.refillPerSecond,
        Number.NaN,
        Number.MIN_VALUE,
      ) / 1000;
    this.tokens = this.capacity;
  }

  tryAcquire(now: number): number {
    if (Number.isNaN(this.updatedAt)) this.updatedAt = now;
    if (now > this.updatedAt) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.updatedAt) * this.perMs);
      this.updatedAt = now;
    }
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return (1 - this.tokens) / this.perMs;
  }
}
