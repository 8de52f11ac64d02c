import type { Backoff } from './Backoff.js';

/** initial × factor^(attempt-1), capped at maxMs. */
export class ExponentialBackoff implements Backoff {
  constructor(
    private readonly initialMs = 100,
    private readonly maxMs = 30_000,
    private readonly factor = 2,
  ) {}

  next(attempt: number): number {
    return Math.min(this.maxMs, this.initialMs * this.factor ** (attempt - 1));
  }
}
