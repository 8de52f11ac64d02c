import { describe, expect, it } from 'vitest';
import { FakeClock } from '../kernel/index.js';
import { RateLimitedError } from './errors/rejections.js';
import { RateLimiterPolicy } from './RateLimiterPolicy.js';
import { SlidingWindowLimiter } from './ratelimit/SlidingWindowLimiter.js';
import { TokenBucket } from './ratelimit/TokenBucket.js';

const ok = async () => 'ok';

describe('RateLimiterPolicy', () => {
  it('token bucket: bursts to capacity, then refills at the rate, with Retry-After', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiterPolicy({
      limiter: () => new TokenBucket({ capacity: 3, refillPerSecond: 10 }),
      clock,
    });
    for (let i = 0; i < 3; i++) await limiter.execute(ok);
    const rejected = await limiter.execute(ok).catch((e) => e);
    expect(rejected).toBeInstanceOf(RateLimitedError);
    expect(rejected.retryAfterMs).toBeCloseTo(100, 5);
    await clock.advance(100);
    expect(await limiter.execute(ok)).toBe('ok');
  });

  it('sliding window: at most limit calls in any window', async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiterPolicy({
      limiter: () => new SlidingWindowLimiter({ limit: 5, windowMs: 1000 }),
      clock,
    });
    let passed = 0;
    for (let step = 0; step < 40; step++) {
      for (let i = 0; i < 3; i++)
        await limiter.execute(ok).then(
          () => passed++,
          () => undefined,
        );
      await clock.advance(100);
    }
    // 4 s of traffic at 30 calls/s through a 5-per-second window.
    expect(passed).toBeGreaterThanOrEqual(20);
    expect(passed).toBeLessThanOrEqual(25);
  });

  it('limits per key and forgets the least recently used keys beyond maxKeys', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiterPolicy({
      limiter: () => new TokenBucket({ capacity: 1, refillPerSecond: 0.001 }),
      maxKeys: 2,
      clock,
    });
    await limiter.executeFor('a', ok);
    await expect(limiter.executeFor('a', ok)).rejects.toBeInstanceOf(RateLimitedError);
    await limiter.executeFor('b', ok);
    await limiter.executeFor('c', ok);
    expect(limiter.keys).toBe(2);
    // "a" was forgotten: it gets a fresh bucket.
    expect(await limiter.executeFor('a', ok)).toBe('ok');
  });
});
