/**
 * A multiset of numbers kept sorted, for rolling medians: insert and remove are a binary search
 * plus one memory move; the median is O(1) and the median absolute deviation O(log n).
 */
export class SortedValues {
  private values = new Float64Array(16);
  private count = 0;

  get size(): number {
    return this.count;
  }

  insert(value: number): void {
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    const at = this.lowerBound(value);
    this.values.copyWithin(at + 1, at, this.count);
    this.values[at] = value;
    this.count++;
  }

  /** Removes one occurrence of `value` (no-op when absent). */
  remove(value: number): void {
    const at = this.lowerBound(value);
    if (at >= this.count || this.values[at] !== value) return;
    this.values.copyWithin(at, at + 1, this.count);
    this.count--;
  }

  /** The median (mean of the two middle values for an even count); NaN when empty. */
  median(): number {
    const n = this.count;
    if (n === 0) return Number.NaN;
    const middle = n >>> 1;
    return n % 2 === 1 ? this.values[middle]! : (this.values[middle - 1]! + this.values[middle]!) / 2;
  }

  /**
   * Median of |x - center| over the values. The deviations below and above `center` form two
   * sorted sequences; their k-th smallest element is found by binary search, not by sorting.
   */
  medianAbsoluteDeviation(center: number): number {
    const n = this.count;
    if (n === 0) return Number.NaN;
    const split = this.lowerBound(center);
    const below = (i: number) => center - this.values[split - 1 - i]!;
    const above = (i: number) => this.values[split + i]! - center;
    const kth = (k: number) => kthOfTwo(k, split, n - split, below, above);
    const middle = n >>> 1;
    return n % 2 === 1 ? kth(middle) : (kth(middle - 1) + kth(middle)) / 2;
  }

  /** Index of the first value >= `value`. */
  private lowerBound(value: number): number {
    let low = 0;
    let high = this.count;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.values[mid]! < value) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** The k-th smallest (0-based) element of the union of two ascending sequences a (length na) and b (length nb). */
export function kthOfTwo(
  k: number,
  na: number,
  nb: number,
  a: (i: number) => number,
  b: (i: number) => number,
): number {
  // Take `i` elements from a and `k + 1 - i` from b; find the smallest i with a[i] >= b[k - i].
  let low = Math.max(0, k + 1 - nb);
  let high = Math.min(k + 1, na);
  while (low < high) {
    const i = (low + high) >>> 1;
    if (a(i) < b(k - i)) low = i + 1;
    else high = i;
  }
  const fromA = low;
  const fromB = k + 1 - fromA;
  const lastA = fromA > 0 ? a(fromA - 1) : Number.NEGATIVE_INFINITY;
  const lastB = fromB > 0 ? b(fromB - 1) : Number.NEGATIVE_INFINITY;
  return Math.max(lastA, lastB);
}
