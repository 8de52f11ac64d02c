import type { Backoff } from './Backoff.js';

/** A random delay between 0 and the exponential delay (AWS "full jitter"). */
export class FullJitterBackoff implements Backoff {
  constructor(
    private readonly initialMs = 100,
    private readonly maxMs = 30_000,
  ) {}

  next(attempt: number, _previous: number, random: () => number): number {
    return random() * Math.min(this.maxMs, this.initialMs * 2 ** (attempt - 1));
  }
}
