import { integerOption, ratioOption } from '../validate-options.js';
import {
  type BreakerWindow,
  crossesThresholds,
  type RateThresholds,
  type WindowTotals,
} from './BreakerWindow.js';

export interface CountWindowOptions extends RateThresholds {
  /** Number of most recent calls judged. Default 100. */
  size?: number;
}

const FAILED = 1;
const SLOW = 2;

/** Judges the last `size` calls, kept in a ring of one byte per call. */
export class CountWindow implements BreakerWindow {
  readonly needsTime = false;
  private readonly outcomes: Uint8Array;
  private readonly thresholds: Required<RateThresholds>;
  private next = 0;
  private filled = 0;
  private failures = 0;
  private slowCalls = 0;

  constructor(options: CountWindowOptions = {}) {
    const size = integerOption('CountWindow', 'size', options.size, 100);
    this.outcomes = new Uint8Array(size);
    this.thresholds = rateThresholds('CountWindow', options);
  }

  record(failed: boolean, slow: boolean): boolean {
    const size = this.outcomes.length;
    if (this.filled === size) {
      const evicted = this.outcomes[this.next]!;
      if (evicted & FAILED) this.failures--;
      if (evicted & SLOW) this.slowCalls--;
    } else {
      this.filled++;
    }
    this.outcomes[this.next] = (failed ? FAILED : 0) | (slow ? SLOW : 0);
    if (failed) this.failures++;
    if (slow) this.slowCalls++;
    this.next = this.next + 1 === size ? 0 : this.next + 1;
    return (failed || slow || this.filled === this.thresholds.minimumCalls) && this.shouldOpen();
  }

  shouldOpen(): boolean {
    return crossesThresholds(this.filled, this.failures, this.slowCalls, this.thresholds);
  }

  totals(): WindowTotals {
    return { calls: this.filled, failures: this.failures, slowCalls: this.slowCalls };
  }

  reset(): void {
    this.outcomes.fill(0);
    this.next = 0;
    this.filled = 0;
    this.failures = 0;
    this.slowCalls = 0;
  }
}

/** Validates and defaults the rate thresholds of a window. */
export function rateThresholds(policy: string, options: RateThresholds): Required<RateThresholds> {
  return {
    minimumCalls: integerOption(policy, 'minimumCalls', options.minimumCalls, 10),
    failureRateThreshold: ratioOption(
      policy,
      'failureRateThreshold',
      options.failureRateThreshold,
      0.5,
      Number.MIN_VALUE,
    ),
    slowCallRateThreshold: ratioOption(
      policy,
      'slowCallRateThreshold',
      options.slowCallRateThreshold,
      1,
      Number.MIN_VALUE,
    ),
  };
}
