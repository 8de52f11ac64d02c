/** Decides whether one call may pass now. */
export interface RateLimiter {
  /** Takes a permit; returns 0 when granted, else ms until one may be available. */
  tryAcquire(now: number): number;
}
