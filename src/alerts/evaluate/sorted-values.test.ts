import { describe, expect, it } from 'vitest';
import { SortedValues } from './sorted-values.js';

/** Median and MAD computed the slow, obvious way. */
function reference(values: number[]): { median: number; mad: number } {
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  };
  const center = median(values);
  return { median: center, mad: median(values.map((x) => Math.abs(x - center))) };
}

/** A small deterministic pseudo-random sequence (no Math.random in tests). */
function* numbers(seed: number): Generator<number> {
  let state = seed;
  for (;;) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    yield Math.floor((state / 2_147_483_648) * 50) / 2;
  }
}

describe('SortedValues', () => {
  it('gives the same median and MAD as sorting, while values come and go', () => {
    for (const seed of [1, 7, 42, 99]) {
      const values = new SortedValues();
      const kept: number[] = [];
      const source = numbers(seed);
      for (let step = 0; step < 300; step++) {
        const value = source.next().value!;
        values.insert(value);
        kept.push(value);
        if (step % 3 === 2) values.remove(kept.shift()!);
        const expected = reference(kept);
        expect(values.size).toBe(kept.length);
        expect(values.median()).toBe(expected.median);
        expect(values.medianAbsoluteDeviation(values.median())).toBe(expected.mad);
      }
    }
  });

  it('handles one value, equal values and removing a value it does not hold', () => {
    const values = new SortedValues();
    expect(values.median()).toBeNaN();
    values.insert(5);
    expect(values.median()).toBe(5);
    expect(values.medianAbsoluteDeviation(5)).toBe(0);
    values.insert(5);
    values.insert(5);
    values.remove(6);
    expect(values.size).toBe(3);
    expect(values.medianAbsoluteDeviation(5)).toBe(0);
  });
});
