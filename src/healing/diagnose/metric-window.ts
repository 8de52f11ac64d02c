import type { EvidenceRef } from '../healing-events.js';
import type { MinuteMean } from './diagnosis-context.js';

/** One minute of one series as kept: sum and count (so later samples fold in), the peak and its event. */
export interface MinuteBucket {
  minuteMs: number;
  sum: number;
  count: number;
  max: number;
  peakRef: EvidenceRef;
}

export const MINUTE_MS = 60_000;

/**
 * Folds a sample into its minute (buckets stay sorted by minute). At most `maxBuckets` are kept:
 * the oldest go first, so a burst of odd timestamps cannot grow a series without bound.
 */
export function addSample(
  buckets: MinuteBucket[],
  timestampMs: number,
  value: number,
  ref: () => EvidenceRef,
  maxBuckets: number,
): void {
  const minuteMs = Math.floor(timestampMs / MINUTE_MS) * MINUTE_MS;
  let index = buckets.length;
  while (index > 0 && buckets[index - 1]!.minuteMs > minuteMs) index--;
  const existing = index > 0 ? buckets[index - 1] : undefined;
  if (existing && existing.minuteMs === minuteMs) {
    existing.sum += value;
    existing.count += 1;
    if (value > existing.max) {
      existing.max = value;
      existing.peakRef = ref();
    }
  } else {
    buckets.splice(index, 0, { minuteMs, sum: value, count: 1, max: value, peakRef: ref() });
  }
  if (buckets.length > maxBuckets) buckets.splice(0, buckets.length - maxBuckets);
}

/** Drops the minutes that end before `cutoffMs`. */
export function dropMinutesBefore(buckets: MinuteBucket[], cutoffMs: number): void {
  let drop = 0;
  while (drop < buckets.length && buckets[drop]!.minuteMs + MINUTE_MS <= cutoffMs) drop++;
  if (drop > 0) buckets.splice(0, drop);
}

/** The minutes overlapping [fromMs, toMs], as means. */
export function meansBetween(
  buckets: ReadonlyArray<MinuteBucket>,
  fromMs: number,
  toMs: number,
): MinuteMean[] {
  return buckets
    .filter((b) => b.minuteMs + MINUTE_MS > fromMs && b.minuteMs <= toMs)
    .map((b) => ({
      minuteMs: b.minuteMs,
      mean: b.sum / b.count,
      max: b.max,
      count: b.count,
      peakRef: b.peakRef,
    }));
}

/** The sample-weighted mean of some minutes, or undefined for none. */
export function weightedMean(minutes: ReadonlyArray<MinuteMean>): number | undefined {
  let sum = 0;
  let count = 0;
  for (const m of minutes) {
    sum += m.mean * m.count;
    count += m.count;
  }
  return count === 0 ? undefined : sum / count;
}
