import { ResilienceConfigError } from '../errors/ResilienceConfigError.js';
import { durationOption, integerOption } from '../validate-options.js';
import {
  type BreakerWindow,
  crossesThresholds,
  type RateThresholds,
  type WindowTotals,
} from './BreakerWindow.js';
import { rateThresholds } from './CountWindow.js';

export interface TimeWindowOptions extends RateThresholds {
  /** Length of the window. Default 10 s. */
  windowMs?: number;
  /** Number of buckets the window is split into. Default 10. */
  buckets?: number;
}

/**
 * Judges the calls of the last `windowMs`, kept as a ring of `buckets` counters: memory is
 * fixed whatever the call volume. A bucket covers windowMs / buckets; a call counts while
 * its bucket is one of the last `buckets` buckets.
 */
export class TimeWindow implements BreakerWindow {
  readonly needsTime = true;
  private readonly bucketMs: number;
  private readonly calls: Float64Array;
  private readonly failures: Float64Array;
  private readonly slow: Float64Array;
  private readonly thresholds: Required<RateThresholds>;
  /** Index (time / bucketMs) of the newest bucket written. */
  private epoch = Number.NEGATIVE_INFINITY;
  private total: WindowTotals = { calls: 0, failures: 0, slowCalls: 0 };

  constructor(options: TimeWindowOptions = {}) {
    const windowMs = durationOption('TimeWindow', 'windowMs', options.windowMs, 10_000, 1);
    const buckets = integerOption('TimeWindow', 'buckets', options.buckets, 10);
    if (windowMs / buckets < 1) {
      throw new ResilienceConfigError(
        'TimeWindow',
        'buckets',
        `at most windowMs (${windowMs}), so each bucket spans ≥ 1 ms`,
        buckets,
      );
    }
    this.bucketMs = windowMs / buckets;
    this.calls = new Float64Array(buckets);
    this.failures = new Float64Array(buckets);
    this.slow = new Float64Array(buckets);
    this.thresholds = rateThresholds('TimeWindow', options);
  }

  record(failed: boolean, slow: boolean, now: number): boolean {
    const slid = this.advance(now);
    const i = this.epoch % this.calls.length;
    this.calls[i]!++;
    this.total.calls++;
    if (failed) {
      this.failures[i]!++;
      this.total.failures++;
    }
    if (slow) {
      this.slow[i]!++;
      this.total.slowCalls++;
    }
    // Expired buckets can raise the rates too (old successes leave), so check after a slide.
    if (!failed && !slow && !slid && this.total.calls !== this.thresholds.minimumCalls) return false;
    const t = this.total;
    return crossesThresholds(t.calls, t.failures, t.slowCalls, this.thresholds);
  }

  shouldOpen(now: number): boolean {
    this.advance(now);
    return crossesThresholds(this.total.calls, this.total.failures, this.total.slowCalls, this.thresholds);
  }

  totals(now: number): WindowTotals {
    this.advance(now);
    return { ...this.total };
  }

  reset(): void {
    this.calls.fill(0);
    this.failures.fill(0);
    this.slow.fill(0);
    this.total = { calls: 0, failures: 0, slowCalls: 0 };
    this.epoch = Number.NEGATIVE_INFINITY;
  }

  /** Clears the buckets that fell out of the window since the last call (at most all of them). */
  /** Returns true when the window moved on. */
  private advance(now: number): boolean {
    const epoch = Math.floor(now / this.bucketMs);
    if (epoch <= this.epoch) return false;
    const size = this.calls.length;
    if (epoch - this.epoch >= size) {
      this.calls.fill(0);
      this.failures.fill(0);
      this.slow.fill(0);
      this.total = { calls: 0, failures: 0, slowCalls: 0 };
    } else {
      for (let e = this.epoch + 1; e <= epoch; e++) {
        const i = e % size;
        this.total.calls -= this.calls[i]!;
        this.total.failures -= this.failures[i]!;
        this.total.slowCalls -= this.slow[i]!;
        this.calls[i] = 0;
        this.failures[i] = 0;
        this.slow[i] = 0;
      }
    }
    this.epoch = epoch;
    return true;
  }
}
