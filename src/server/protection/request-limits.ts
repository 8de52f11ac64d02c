import type { Clock } from '../../kernel/index.js';
import {
  RateLimitedError,
  RateLimiterPolicy,
  SlidingWindowLimiter,
  TokenBucket,
} from '../../resilience/index.js';
import { HttpProblemError } from '../problem.js';

export interface RequestLimitSettings {
  /** Requests per second allowed per token (sustained), with bursts up to `burst`. */
  perTokenPerSecond: number;
  /** Requests per second allowed per client IP for anonymous requests. */
  perIpPerSecond: number;
  /** Burst size of both buckets. */
  burst: number;
  /** Failed authentications allowed per IP within `failedAuthWindowMs` before the IP is locked out. */
  failedAuthLimit: number;
  failedAuthWindowMs: number;
}

/** Defaults: generous for scripts and the dashboard, tight for credential guessing. */
export const DEFAULT_REQUEST_LIMITS: RequestLimitSettings = {
  perTokenPerSecond: 200,
  perIpPerSecond: 50,
  burst: 400,
  failedAuthLimit: 10,
  failedAuthWindowMs: 60_000,
};

/**
 * Rate limits per token and per IP (token buckets from `resilience/`, least recently used
 * keys forgotten beyond 10,000), and a lockout of IPs that keep presenting bad credentials.
 */
export class RequestLimits {
  private readonly perToken: RateLimiterPolicy;
  private readonly perIp: RateLimiterPolicy;
  private readonly failures: RateLimiterPolicy;
  private readonly lockedUntil = new Map<string, number>();

  constructor(
    private readonly settings: RequestLimitSettings,
    private readonly clock: Clock,
  ) {
    const bucket = (perSecond: number) => () =>
      new TokenBucket({ capacity: settings.burst, refillPerSecond: perSecond });
    this.perToken = new RateLimiterPolicy({
      name: 'http_per_token',
      limiter: bucket(settings.perTokenPerSecond),
      clock,
    });
    this.perIp = new RateLimiterPolicy({
      name: 'http_per_ip',
      limiter: bucket(settings.perIpPerSecond),
      clock,
    });
    this.failures = new RateLimiterPolicy({
      name: 'http_failed_auth',
      limiter: () =>
        new SlidingWindowLimiter({ limit: settings.failedAuthLimit, windowMs: settings.failedAuthWindowMs }),
      clock,
    });
  }

  /** Throws RateLimitedError (with retryAfterMs) when `key` is over its rate. */
  async take(kind: 'token' | 'ip', key: string): Promise<void> {
    await (kind === 'token' ? this.perToken : this.perIp).executeFor(key, () => undefined);
  }

  /** Milliseconds an IP stays locked out after too many failed authentications; 0 when it is not. */
  lockoutRemaining(ip: string): number {
    const until = this.lockedUntil.get(ip);
    if (until === undefined) return 0;
    const remaining = until - this.clock.now();
    if (remaining <= 0) this.lockedUntil.delete(ip);
    return Math.max(0, remaining);
  }

  /** Throws 429 (with Retry-After) while an address is locked out; every credential check starts here. */
  refuseLockedOut(ip: string): void {
    const remaining = this.lockoutRemaining(ip);
    if (remaining > 0) {
      throw new HttpProblemError(429, 'RATE_LIMITED', 'Too many failed authentications from this address', {
        retryAfterMs: remaining,
      });
    }
  }

  /** Counts a failed authentication; past the limit the IP is locked out for the window. */
  async recordFailedAuthentication(ip: string): Promise<void> {
    try {
      await this.failures.executeFor(ip, () => undefined);
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      if (this.lockedUntil.size >= 10_000) this.lockedUntil.delete(this.lockedUntil.keys().next().value!);
      this.lockedUntil.set(ip, this.clock.now() + this.settings.failedAuthWindowMs);
    }
  }
}
