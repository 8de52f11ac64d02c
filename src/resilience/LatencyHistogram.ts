/** Upper bounds (ms) of the latency buckets: a log scale from 0.1 ms to 60 s, plus +Inf. */
export const LATENCY_BUCKETS_MS: ReadonlyArray<number> = [
  0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000,
];

/**
 * A fixed-bucket latency histogram: constant memory whatever the call volume (unlike keeping
 * every latency), cheap to record, and good enough for percentiles used by hedging.
 */
export class LatencyHistogram {
  readonly counts = new Float64Array(LATENCY_BUCKETS_MS.length + 1);
  sum = 0;
  count = 0;

  record(ms: number): void {
    let i = 0;
    while (i < LATENCY_BUCKETS_MS.length && ms > LATENCY_BUCKETS_MS[i]!) i++;
    this.counts[i]!++;
    this.sum += ms;
    this.count++;
  }

  /** The bucket upper bound at quantile `q` (0..1); undefined before any sample. */
  quantile(q: number): number | undefined {
    if (this.count === 0) return undefined;
    const rank = q * this.count;
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= rank)
        return LATENCY_BUCKETS_MS[i] ?? LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1]! * 2;
    }
    return undefined;
  }
}
