import { describe, expect, it } from 'vitest';
import { AlertEvaluator } from './alert-evaluator.js';
import { HOURS_PER_WEEK, hourOfWeek } from './baseline.js';
import { at, brief, feed, ruleOf, sample, T0 } from './test-fixtures.js';

/** Values 48, 50, 52, 49, 51 in turn: median 50, MAD 1. */
const normal = (minute: number) => 50 + (((minute * 7) % 5) - 2);

function dynamicRule(condition: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return ruleOf({
    ...extra,
    condition: { kind: 'dynamic', series: 'cpu_percent', aggregate: 'last', ...condition },
  });
}

/** One sample a minute, from `from` to `to` (exclusive), with value(minute). */
function minutes(from: number, to: number, value: (minute: number) => number = normal) {
  return Array.from({ length: to - from }, (_, i) => sample(value(from + i), (from + i) * 60));
}

describe('dynamic thresholds', () => {
  it('never fires while learning, then fires when the value leaves the band', () => {
    const evaluator = new AlertEvaluator();
    evaluator.setRules([dynamicRule()], T0);
    expect(feed(evaluator, minutes(0, 29))).toEqual([]);
    // Minute 29: only 29 minute values are known (minPoints 30).
    expect(feed(evaluator, [sample(1000, 29 * 60)])).toEqual([]);
    expect(feed(evaluator, [sample(1000, 30 * 60)])).toEqual(['pending@1800', 'fired@1800']);
  });

  it('shows the learned band per series', () => {
    const evaluator = new AlertEvaluator();
    evaluator.setRules([dynamicRule({ baseline: { k: 2 } })], T0);
    feed(evaluator, minutes(0, 41));
    const [band] = evaluator.band('rule-1');
    expect(band).toMatchObject({ labels: { service: 'api', alertname: 'cpu-high' }, median: 50, points: 40 });
    expect(band!.upper).toBeCloseTo(50 + 2 * 1.4826, 10);
    expect(band!.lower).toBeCloseTo(50 - 2 * 1.4826, 10);
    expect(band!.buckets).toBeUndefined();
    expect(evaluator.band('unknown')).toEqual([]);
  });

  it('renders the band edge crossed as $threshold', () => {
    const evaluator = new AlertEvaluator();
    const rule = dynamicRule(
      {},
      { annotations: { summary: '{{ $value }} over {{ $threshold | round 2 }}' } },
    );
    evaluator.setRules([rule], T0);
    feed(evaluator, minutes(0, 40));
    evaluator.ingest(sample(70, 40 * 60));
    const [pending] = evaluator.evaluate(at(40 * 60));
    expect(pending!.annotations.summary).toBe('70 over 54.45');
  });

  it('watches the direction asked for', () => {
    const fired = (direction: string, value: number) => {
      const evaluator = new AlertEvaluator();
      evaluator.setRules([dynamicRule({ direction })], T0);
      feed(evaluator, minutes(0, 40));
      return feed(evaluator, [sample(value, 40 * 60)]).includes('fired@2400');
    };
    expect([fired('above', 70), fired('above', 30)]).toEqual([true, false]);
    expect([fired('below', 70), fired('below', 30)]).toEqual([false, true]);
    expect([fired('both', 70), fired('both', 30), fired('both', 51)]).toEqual([true, true, false]);
  });

  it('forgets minute values older than the history', () => {
    const evaluator = new AlertEvaluator();
    evaluator.setRules([dynamicRule({ baseline: { history: '1h', minPoints: 30 } })], T0);
    feed(evaluator, minutes(0, 40));
    expect(evaluator.band('rule-1')[0]!.points).toBe(39);
    feed(evaluator, minutes(40, 100));
    // Minutes 40 … 98 are within the last hour of minute 99.
    expect(evaluator.band('rule-1')[0]!.points).toBe(59);
  });

  it('learns one baseline per hour of the week with hour_of_week seasonality', () => {
    const evaluator = new AlertEvaluator();
    evaluator.setRules(
      [dynamicRule({ baseline: { seasonality: 'hour_of_week', history: '1w', minPoints: 5 } })],
      T0,
    );
    feed(evaluator, minutes(0, 10)); // Monday 00:00–00:09 UTC
    const monday = hourOfWeek(T0 / 60_000);
    expect(monday).toBe(24);
    const [band] = evaluator.band('rule-1');
    expect(band!.buckets).toHaveLength(HOURS_PER_WEEK);
    expect(band!.buckets![monday]!.points).toBe(9);
    expect(band!.buckets![monday + 1]).toEqual({ median: null, lower: null, upper: null, points: 0 });
    // In the next hour nothing is learned yet: a spike there does not fire; in the learned hour it does.
    expect(feed(evaluator, [sample(1000, 60 * 60)])).toEqual([]);
    const other = new AlertEvaluator();
    other.setRules(
      [dynamicRule({ baseline: { seasonality: 'hour_of_week', history: '1w', minPoints: 5 } })],
      T0,
    );
    feed(other, minutes(0, 10));
    expect(feed(other, [sample(1000, 10 * 60)])).toEqual(['pending@600', 'fired@600']);
  });

  it('keeps the learned baseline when a rule changes in ways it does not depend on', () => {
    const evaluator = new AlertEvaluator();
    evaluator.setRules([dynamicRule()], T0);
    feed(evaluator, minutes(0, 41));
    evaluator.ingest(sample(1000, 41 * 60));
    expect(evaluator.evaluate(at(41 * 60)).map(brief)).toEqual(['pending@2460', 'fired@2460']);
    const changed = dynamicRule({ baseline: { k: 5 } }, { annotations: { summary: 'new' } });
    expect(evaluator.setRules([changed], at(41 * 60 + 1)).map(brief)).toEqual([
      'resolved@2461(rule_changed)',
    ]);
    // Minutes 0 … 40 learned; the spike of minute 41 is still being collected.
    expect(evaluator.band('rule-1')[0]).toMatchObject({ median: 50, points: 41 });
    expect(evaluator.band('rule-1')[0]!.upper).toBeCloseTo(50 + 5 * 1.4826, 10);
    evaluator.setRules([dynamicRule({ baseline: { history: '2d' } })], at(41 * 60 + 2));
    expect(evaluator.band('rule-1')[0]!.points).toBe(0);
  });
});
