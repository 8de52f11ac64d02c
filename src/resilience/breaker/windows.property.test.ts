import { describe, expect, it } from 'vitest';
import { ConsecutiveWindow } from './ConsecutiveWindow.js';
import { CountWindow } from './CountWindow.js';
import { TimeWindow } from './TimeWindow.js';

/** A small seeded generator so failures are reproducible. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Outcome {
  time: number;
  failed: boolean;
  slow: boolean;
}

/** Random sequences of successes, failures and slow calls at increasing times. */
function sequence(random: () => number, length: number): Outcome[] {
  let time = 1_000_000;
  return Array.from({ length }, () => {
    time += Math.floor(random() * 700);
    return { time, failed: random() < 0.4, slow: random() < 0.3 };
  });
}

const rate = { minimumCalls: 5, failureRateThreshold: 0.5, slowCallRateThreshold: 0.6 };

function referenceRate(kept: Outcome[]): boolean {
  if (kept.length < rate.minimumCalls) return false;
  const failures = kept.filter((o) => o.failed).length;
  const slow = kept.filter((o) => o.slow).length;
  return (
    failures / kept.length >= rate.failureRateThreshold || slow / kept.length >= rate.slowCallRateThreshold
  );
}

/** record() never opens wrongly, and always opens when a failure or slow call crosses the threshold. */
function expectRecordVerdict(opened: boolean, expected: boolean, outcome: Outcome): void {
  if (opened) expect(expected).toBe(true);
  if (expected && (outcome.failed || outcome.slow)) expect(opened).toBe(true);
}

describe('breaker windows agree with a simple reference model', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const outcomes = sequence(seeded(seed), 400);

    it(`consecutive window, seed ${seed}`, () => {
      const window = new ConsecutiveWindow({ failureThreshold: 3, slowCallThreshold: 4 });
      outcomes.forEach((o, i) => {
        const opened = window.record(o.failed, o.slow);
        const seen = outcomes.slice(0, i + 1).reverse();
        const failedRun = seen.findIndex((x) => !x.failed);
        const slowRun = seen.findIndex((x) => !x.slow);
        const failures = failedRun === -1 ? seen.length : failedRun;
        const slows = slowRun === -1 ? seen.length : slowRun;
        const expected = failures >= 3 || slows >= 4;
        expect(window.shouldOpen()).toBe(expected);
        expectRecordVerdict(opened, expected, o);
      });
    });

    it(`count window, seed ${seed}`, () => {
      const window = new CountWindow({ size: 20, ...rate });
      outcomes.forEach((o, i) => {
        const opened = window.record(o.failed, o.slow);
        const kept = outcomes.slice(Math.max(0, i - 19), i + 1);
        expect(window.totals().calls).toBe(kept.length);
        expect(window.shouldOpen()).toBe(referenceRate(kept));
        expectRecordVerdict(opened, referenceRate(kept), o);
      });
    });

    it(`time window, seed ${seed}`, () => {
      const windowMs = 5_000;
      const buckets = 5;
      const bucketMs = windowMs / buckets;
      const window = new TimeWindow({ windowMs, buckets, ...rate });
      outcomes.forEach((o, i) => {
        const opened = window.record(o.failed, o.slow, o.time);
        // Reference: a call counts while its bucket is one of the last `buckets` buckets.
        const newest = Math.floor(o.time / bucketMs);
        const kept = outcomes.slice(0, i + 1).filter((x) => Math.floor(x.time / bucketMs) > newest - buckets);
        expect(window.totals(o.time)).toEqual({
          calls: kept.length,
          failures: kept.filter((x) => x.failed).length,
          slowCalls: kept.filter((x) => x.slow).length,
        });
        expect(window.shouldOpen(o.time)).toBe(referenceRate(kept));
        expectRecordVerdict(opened, referenceRate(kept), o);
      });
    });
  }

  it('a time window keeps constant memory however many calls it sees', () => {
    const window = new TimeWindow({ windowMs: 10_000, buckets: 10 });
    for (let i = 0; i < 1_000_000; i++) window.record(i % 3 === 0, false, i / 100);
    expect(window.totals(10_000).calls).toBeLessThanOrEqual(1_000_000);
    expect(window.totals(1_000_000).calls).toBe(0);
  });
});
