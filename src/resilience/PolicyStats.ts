import { LatencyHistogram } from './LatencyHistogram.js';

/** Counters and a latency histogram kept by every policy, in constant memory. */
export class PolicyStats {
  calls = 0;
  successes = 0;
  failures = 0;
  rejections = 0;
  readonly latency = new LatencyHistogram();

  constructor(
    readonly policy: string,
    readonly kind: string,
  ) {}
}
