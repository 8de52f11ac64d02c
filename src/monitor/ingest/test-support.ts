import { expect } from 'vitest';
import { validatePushedSamples } from './metric-sample.js';

export const NOW = Date.parse('2026-11-22T10:02:00Z');
export const MINUTE = 60_000;

/** Validates one sample and returns its single rejection reason (fails the test if it was accepted). */
export function reasonFor(sample: unknown, now = NOW): string {
  const result = validatePushedSamples({ samples: [sample] }, now);
  expect(result.error).toBeUndefined();
  expect(result.accepted).toEqual([]);
  expect(result.rejected).toHaveLength(1);
  return result.rejected[0]!.reason;
}

export function acceptedOne(sample: unknown, now = NOW) {
  const result = validatePushedSamples({ samples: [sample] }, now);
  expect(result.rejected).toEqual([]);
  expect(result.accepted).toHaveLength(1);
  return result.accepted[0]!;
}

/** A small deterministic generator (mulberry32), so random tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random JSON of bounded depth, biased toward the push format's keys and awkward values. */
export function randomJson(random: () => number, depth: number): unknown {
  const keys = ['name', 'value', 'labels', 'timestamp', 'samples', '__proto__', 'x'];
  const pick = Math.floor(random() * (depth > 0 ? 8 : 6));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return (random() - 0.5) * 10 ** Math.floor(random() * 20);
    case 3:
      return ['cpu_percent', '', 'a b', '2026-11-22T10:00:00Z', '\ud800', 'x'.repeat(300)][
        Math.floor(random() * 6)
      ];
    case 4:
      return Math.floor(random() * 2e12);
    case 5:
      return 'NaN';
    case 6:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(random, depth - 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 5) }, () => [
          keys[Math.floor(random() * keys.length)]!,
          randomJson(random, depth - 1),
        ]),
      );
  }
}
