import { ValidationError } from '../../kernel/index.js';

/** Below this every latency shares bucket 0 (absolute error ≤ 0.05 ms instead of relative). */
const LOWEST_MS = 0.1;
/** Above this every latency shares the top bucket; check timeouts are far shorter. */
const HIGHEST_MS = 10 * 60_000;

/**
 * The largest relative error of a percentile, for latencies above 0.1 ms up to 10 min: a reported p95 of
 * 200 ms means the true nearest-rank p95 lies within 195.1..205.1 ms. Buckets grow by
 * γ = (1 + α) / (1 − α) ≈ 5.13%, and each reports 2·upper/(1 + γ), whose distance to any value of the
 * bucket is at most α of that value (the DDSketch construction). That takes 314 buckets over the range,
 * of which a minute of one check's latencies fills a handful: sparse JSON stays in the tens of bytes.
 */
export const LATENCY_RELATIVE_ERROR = 0.025;

const GROWTH = (1 + LATENCY_RELATIVE_ERROR) / (1 - LATENCY_RELATIVE_ERROR);
const TOP_INDEX = Math.ceil(Math.log(HIGHEST_MS / LOWEST_MS) / Math.log(GROWTH));
/** UPPER[i] is the inclusive upper bound of bucket i; bucket i ≥ 1 holds (UPPER[i − 1], UPPER[i]]. */
const UPPER: ReadonlyArray<number> = Array.from({ length: TOP_INDEX + 1 }, (_, i) => LOWEST_MS * GROWTH ** i);
const FORMAT_VERSION = 1;

/** The stored form: bucket index → count, plus exact min, max and sum. */
export interface LatencyHistogramJson {
  v: 1;
  min: number;
  max: number;
  sum: number;
  buckets: Record<string, number>;
}

/**
 * A mergeable latency distribution on log-scale buckets, for one-minute rollups of check latencies.
 * Percentiles are nearest-rank with relative error ≤ `LATENCY_RELATIVE_ERROR`; the first and last ranks
 * (p0, p100) come from the exact min and max kept beside the buckets.
 */
export class LatencyHistogram {
  private readonly buckets = new Map<number, number>();
  private total = 0;
  private minMs = 0;
  private maxMs = 0;
  private sumMs = 0;

  /** How many latencies were recorded. */
  get count(): number {
    return this.total;
  }

  /** The exact smallest latency; undefined when empty. */
  get min(): number | undefined {
    return this.total === 0 ? undefined : this.minMs;
  }

  /** The exact largest latency; undefined when empty. */
  get max(): number | undefined {
    return this.total === 0 ? undefined : this.maxMs;
  }

  /** The mean latency; undefined when empty. */
  get mean(): number | undefined {
    return this.total === 0 ? undefined : this.sumMs / this.total;
  }

  /** Records one latency; throws RangeError on negative, NaN or infinite values (a measuring bug). */
  record(ms: number): this {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`a latency must be a finite number ≥ 0, got ${ms}`);
    const index = bucketIndex(ms);
    this.buckets.set(index, (this.buckets.get(index) ?? 0) + 1);
    this.minMs = this.total === 0 ? ms : Math.min(this.minMs, ms);
    this.maxMs = this.total === 0 ? ms : Math.max(this.maxMs, ms);
    this.sumMs += ms;
    this.total++;
    return this;
  }

  /** Adds every latency of `other` to this histogram (other is unchanged). */
  merge(other: LatencyHistogram): this {
    if (other.total === 0) return this;
    for (const [index, count] of other.buckets)
      this.buckets.set(index, (this.buckets.get(index) ?? 0) + count);
    this.minMs = this.total === 0 ? other.minMs : Math.min(this.minMs, other.minMs);
    this.maxMs = this.total === 0 ? other.maxMs : Math.max(this.maxMs, other.maxMs);
    this.sumMs += other.sumMs;
    this.total += other.total;
    return this;
  }

  /** The nearest-rank percentile `p` (0..100), e.g. 95 for p95; undefined when empty. */
  percentile(p: number): number | undefined {
    if (!(p >= 0 && p <= 100)) throw new RangeError(`a percentile must be between 0 and 100, got ${p}`);
    if (this.total === 0) return undefined;
    const rank = Math.max(1, Math.ceil((p * this.total) / 100));
    if (rank === 1) return this.minMs;
    if (rank === this.total) return this.maxMs;
    let seen = 0;
    for (const index of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += this.buckets.get(index)!;
      // Clamping towards [min, max] can only move the estimate closer to the true value, which lies inside.
      if (seen >= rank) return Math.min(this.maxMs, Math.max(this.minMs, representative(index)));
    }
    return this.maxMs;
  }

  /** The compact stored form (see `LatencyHistogramJson`). */
  toJSON(): LatencyHistogramJson {
    const buckets: Record<string, number> = {};
    for (const index of [...this.buckets.keys()].sort((a, b) => a - b))
      buckets[index] = this.buckets.get(index)!;
    return { v: FORMAT_VERSION, min: this.minMs, max: this.maxMs, sum: this.sumMs, buckets };
  }

  /** Rebuilds a histogram from `toJSON()` output, or its JSON text; throws ValidationError on anything else. */
  static fromJSON(json: unknown): LatencyHistogram {
    let parsed = json;
    if (typeof json === 'string') {
      try {
        parsed = JSON.parse(json);
      } catch {
        throw invalid('the text is not JSON');
      }
    }
    if (!isPlainObject(parsed)) throw invalid('expected an object {v, min, max, sum, buckets}');
    for (const key of Object.keys(parsed)) {
      if (!['v', 'min', 'max', 'sum', 'buckets'].includes(key))
        throw invalid(`unknown field ${JSON.stringify(key)}`);
    }
    if (parsed.v !== FORMAT_VERSION) throw invalid(`v: expected ${FORMAT_VERSION}, got ${String(parsed.v)}`);
    const { min, max, sum, buckets } = parsed;
    for (const [field, value] of Object.entries({ min, max, sum })) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw invalid(`${field}: expected a finite number ≥ 0`);
      }
    }
    if (!isPlainObject(buckets)) throw invalid('buckets: expected an object of bucket index → count');

    const histogram = new LatencyHistogram();
    for (const [key, count] of Object.entries(buckets)) {
      const index = Number(key);
      if (!/^(0|[1-9]\d{0,5})$/.test(key) || index > TOP_INDEX) {
        throw invalid(
          `buckets: key ${JSON.stringify(key.slice(0, 20))} is not a bucket index 0..${TOP_INDEX}`,
        );
      }
      if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1) {
        throw invalid(`buckets["${key}"]: expected a whole count ≥ 1`);
      }
      histogram.buckets.set(index, count);
      histogram.total += count;
    }
    if (!Number.isSafeInteger(histogram.total)) throw invalid('buckets: the total count is too large');
    const [minMs, maxMs, sumMs] = [min, max, sum] as [number, number, number];
    if (histogram.total === 0 && (minMs !== 0 || maxMs !== 0 || sumMs !== 0)) {
      throw invalid('an empty histogram must have min, max and sum 0');
    }
    if (minMs > maxMs) throw invalid(`min ${minMs} is above max ${maxMs}`);
    histogram.minMs = minMs;
    histogram.maxMs = maxMs;
    histogram.sumMs = sumMs;
    return histogram;
  }
}

/** The bucket of `ms`, settled against UPPER so index and representative agree even on rounding edges. */
function bucketIndex(ms: number): number {
  if (ms <= LOWEST_MS) return 0;
  if (ms > UPPER[TOP_INDEX - 1]!) return TOP_INDEX;
  let index = Math.max(1, Math.ceil(Math.log(ms / LOWEST_MS) / Math.log(GROWTH)));
  while (index < TOP_INDEX && ms > UPPER[index]!) index++;
  while (index > 1 && ms <= UPPER[index - 1]!) index--;
  return index;
}

/** The value reported for bucket `index`: within α of every value the bucket holds. */
function representative(index: number): number {
  return index === 0 ? LOWEST_MS / 2 : (2 * UPPER[index]!) / (1 + GROWTH);
}

function invalid(problem: string): ValidationError {
  return new ValidationError(`Invalid latency histogram JSON: ${problem}`, [{ path: '', message: problem }]);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
