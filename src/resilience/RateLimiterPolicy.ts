import { type Clock, systemClock } from '../kernel/index.js';
import { invoke } from './CircuitBreakerPolicy.js';
import { RateLimitedError } from './errors/rejections.js';
import { type Guarded, type Policy, type PolicyContext, ROOT_CONTEXT } from './Policy.js';
import { PolicyBase } from './PolicyBase.js';
import type { RateLimiter } from './ratelimit/RateLimiter.js';
import { integerOption } from './validate-options.js';

export interface RateLimiterOptions {
  name?: string;
  /** Makes the limiter of one key (a TokenBucket or a SlidingWindowLimiter). */
  limiter: () => RateLimiter;
  /** The key a call is limited under (target host, tenant …). Default: one key for all calls. */
  keyOf?: (context: PolicyContext) => string;
  /** Most keys tracked at once; the least recently used is forgotten beyond it. Default 10,000. */
  maxKeys?: number;
  clock?: Clock;
}

/**
 * Rejects calls over a rate, optionally per key, in process. A rejection carries
 * `retryAfterMs`, which RetryPolicy honours.
 */
export class RateLimiterPolicy extends PolicyBase implements Policy {
  private readonly limiters = new Map<string, RateLimiter>();
  private readonly makeLimiter: () => RateLimiter;
  private readonly keyOf: ((context: PolicyContext) => string) | undefined;
  private readonly maxKeys: number;
  private readonly clock: Clock;

  constructor(options: RateLimiterOptions) {
    super(options.name ?? 'rate_limiter', 'rate_limiter');
    if (typeof options.limiter !== 'function') {
      throw new Error(`RateLimiter "${this.name}": option "limiter" must be a function that makes a limiter`);
    }
    this.makeLimiter = options.limiter;
    this.keyOf = options.keyOf;
    this.maxKeys = integerOption(`RateLimiter "${this.name}"`, 'maxKeys', options.maxKeys, 10_000, 1);
    this.clock = options.clock ?? systemClock;
  }

  /** Keys tracked now. */
  get keys(): number {
    return this.limiters.size;
  }

  /** Runs `fn` under the limit of `key` (overrides keyOf). */
  executeFor<T>(key: string, fn: Guarded<T>, context: PolicyContext = ROOT_CONTEXT): Promise<T> {
    this.stats.calls++;
    const wait = this.limiterFor(key).tryAcquire(this.clock.now());
    if (wait > 0) {
      this.stats.rejections++;
      if (this.hasListeners)
        this.emit({ type: 'rate_limiter.rejected', policy: this.name, key, retryAfterMs: wait });
      return Promise.reject(RateLimitedError.create(this.name, key, wait));
    }
    return invoke(fn, context);
  }

  execute<T>(fn: Guarded<T>, context: PolicyContext = ROOT_CONTEXT): Promise<T> {
    return this.executeFor(this.keyOf ? this.keyOf(context) : '*', fn, context);
  }

  private limiterFor(key: string): RateLimiter {
    let limiter = this.limiters.get(key);
    if (limiter) {
      if (this.limiters.size > 1) {
        // Move to the end: Map keeps insertion order, so the first key is the least recently used.
        this.limiters.delete(key);
        this.limiters.set(key, limiter);
      }
      return limiter;
    }
    limiter = this.makeLimiter();
    this.limiters.set(key, limiter);
    if (this.limiters.size > this.maxKeys) this.limiters.delete(this.limiters.keys().next().value!);
    return limiter;
  }
}
