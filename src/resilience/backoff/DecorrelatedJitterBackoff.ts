import type { Backoff } from './Backoff.js';

/**
 * AWS "decorrelated jitter": each delay is random between the initial delay and three times
 * the previous one, capped. Spreads retries of many clients apart. The default backoff.
 */
export class DecorrelatedJitterBackoff implements Backoff {
  constructor(
    private readonly initialMs = 100,
    private readonly maxMs = 30_000,
  ) {}

  next(_attempt: number, previousDelayMs: number, random: () => number): number {
    const upper = Math.max(this.initialMs, previousDelayMs * 3);
    return Math.min(this.maxMs, this.initialMs + random() * (upper - this.initialMs));
  }
}
