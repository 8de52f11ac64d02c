/** Gives the delay before retry number `attempt` (1 = the first retry). */
export interface Backoff {
  /** `previousDelayMs` is the delay used before the previous retry (0 before the first). */
  next(attempt: number, previousDelayMs: number, random: () => number): number;
}
