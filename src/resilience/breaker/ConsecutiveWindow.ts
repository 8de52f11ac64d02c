import { integerOption } from '../validate-options.js';
import type { BreakerWindow, WindowTotals } from './BreakerWindow.js';

export interface ConsecutiveWindowOptions {
  /** Open after this many failures in a row. Default 5. */
  failureThreshold?: number;
  /** Open after this many slow calls in a row; off when absent. */
  slowCallThreshold?: number;
}

/** Opens after N consecutive failures (or N consecutive slow calls); any success resets it. */
export class ConsecutiveWindow implements BreakerWindow {
  readonly needsTime = false;
  private readonly failureThreshold: number;
  private readonly slowThreshold: number;
  private failures = 0;
  private slow = 0;
  private calls = 0;

  constructor(options: ConsecutiveWindowOptions = {}) {
    this.failureThreshold = integerOption(
      'ConsecutiveWindow',
      'failureThreshold',
      options.failureThreshold,
      5,
    );
    this.slowThreshold =
      options.slowCallThreshold === undefined
        ? Number.POSITIVE_INFINITY
        : integerOption('ConsecutiveWindow', 'slowCallThreshold', options.slowCallThreshold, 1);
  }

  record(failed: boolean, slow: boolean): boolean {
    this.calls++;
    this.failures = failed ? this.failures + 1 : 0;
    this.slow = slow ? this.slow + 1 : 0;
    return (failed || slow) && this.shouldOpen();
  }

  shouldOpen(): boolean {
    return this.failures >= this.failureThreshold || this.slow >= this.slowThreshold;
  }

  totals(): WindowTotals {
    return { calls: this.calls, failures: this.failures, slowCalls: this.slow };
  }

  reset(): void {
    this.failures = 0;
    this.slow = 0;
    this.calls = 0;
  }
}
