import type { Backoff } from './Backoff.js';

/** The same delay before every retry. */
export class ConstantBackoff implements Backoff {
  constructor(private readonly delayMs: number) {}

  next(): number {
    return this.delayMs;
  }
}
