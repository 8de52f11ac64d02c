import { describe, expect, it } from 'vitest';
import { CHECK_SERIES } from '../check-series.js';
import { labelsFingerprint } from '../fingerprint.js';
import { AlertEvaluator } from './alert-evaluator.js';
import { at, brief, cpuRule, feed, plain, ruleOf, sample, T0 } from './test-fixtures.js';

function evaluatorWith(...rules: ReturnType<typeof cpuRule>[]): AlertEvaluator {
  const evaluator = new AlertEvaluator();
  evaluator.setRules(rules, T0);
  return evaluator;
}

describe('AlertEvaluator lifecycle', () => {
  it('with for 0s, goes pending and fired on the first sample over the threshold', () => {
    const rule = cpuRule({
      labels: { team: 'ops' },
      annotations: { summary: 'CPU at {{ $value }}% on {{ $labels.service }} (over {{ $threshold }})' },
    });
    const evaluator = evaluatorWith(rule);
    evaluator.ingest(sample(80, 0));
    expect(evaluator.evaluate(at(0))).toEqual([]);
    evaluator.ingest(sample(95, 10));
    const transitions = evaluator.evaluate(at(12));
    expect(transitions.map(brief)).toEqual(['pending@10', 'fired@10']);
    const labels = { service: 'api', team: 'ops', alertname: 'cpu-high', severity: 'critical' };
    expect(transitions[1]).toEqual({
      type: 'fired',
      rule,
      fingerprint: labelsFingerprint(labels),
      labels,
      value: 95,
      activeSince: at(10),
      at: at(10),
      annotations: { summary: 'CPU at 95% on api (over 90)' },
    });
  });

  it('fires after the condition held for `for`, on a later sample', () => {
    const evaluator = evaluatorWith(cpuRule({ for: '2m' }));
    expect(feed(evaluator, [sample(95, 0), sample(96, 60), sample(97, 120), sample(98, 180)])).toEqual([
      'pending@0',
      'fired@120',
    ]);
    expect(evaluator.activeAlerts()).toMatchObject([
      { ruleId: 'rule-1', state: 'firing', activeSince: at(0), firedAt: at(120), value: 98, flapping: false },
    ]);
  });

  it('fires by timer when `for` elapses between samples, at the due time', () => {
    const evaluator = evaluatorWith(cpuRule({ for: '2m' }));
    expect(feed(evaluator, [sample(95, 0)])).toEqual(['pending@0']);
    expect(evaluator.nextDueAt()).toBe(at(120));
    expect(evaluator.evaluate(at(119)).map(brief)).toEqual([]);
    expect(evaluator.evaluate(at(125)).map(brief)).toEqual(['fired@120']);
    expect(evaluator.nextDueAt()).toBe(at(300)); // staleness
  });

  it('resolves a pending alert that clears before `for`, as never fired', () => {
    const evaluator = evaluatorWith(cpuRule({ for: '2m' }));
    evaluator.ingest(sample(95, 0));
    evaluator.evaluate(at(0));
    evaluator.ingest(sample(50, 60));
    const [resolved] = evaluator.evaluate(at(60));
    expect(resolved).toMatchObject({
      type: 'resolved',
      wasFiring: false,
      reason: 'condition_cleared',
      value: 50,
    });
    expect(resolved!.activeSince).toBe(at(0));
    expect(evaluator.activeAlerts()).toEqual([]);
    expect(evaluator.nextDueAt()).toBeUndefined();
  });

  it('keeps firing for keepFiringFor after the condition clears', () => {
    const evaluator = evaluatorWith(cpuRule({ keepFiringFor: '1m' }));
    expect(feed(evaluator, [sample(95, 0), sample(50, 30), sample(95, 60), sample(50, 70)])).toEqual([
      'pending@0',
      'fired@0',
    ]);
    expect(evaluator.nextDueAt()).toBe(at(130));
    const [resolved] = evaluator.evaluate(at(140));
    expect(resolved).toMatchObject({
      type: 'resolved',
      at: at(130),
      wasFiring: true,
      reason: 'condition_cleared',
    });
  });

  it('resolves at once when keepFiringFor is 0s', () => {
    const evaluator = evaluatorWith(cpuRule());
    expect(feed(evaluator, [sample(95, 0), sample(50, 10)])).toEqual([
      'pending@0',
      'fired@0',
      'resolved@10(condition_cleared)',
    ]);
  });

  it('judges samples batched between evaluate calls one by one, timers in between', () => {
    const evaluator = evaluatorWith(cpuRule({ for: '2m' }));
    expect(feed(evaluator, [sample(95, 0)])).toEqual(['pending@0']);
    for (const one of [sample(95, 60), sample(95, 130), sample(50, 140), sample(95, 150), sample(50, 160)]) {
      evaluator.ingest(one);
    }
    expect(evaluator.evaluate(at(170)).map(brief)).toEqual([
      'fired@120',
      'resolved@140(condition_cleared)',
      'pending@150',
      'resolved@160(condition_cleared)',
    ]);
  });

  it('re-checks a pending alert as of its due time: samples leaving the window can clear it', () => {
    // Three samples within a minute: count 3 > 2 holds; by 140 s none is left in the window.
    const evaluator = evaluatorWith(
      cpuRule({ for: '2m', condition: { aggregate: 'count', window: '1m', threshold: 2 } }),
    );
    expect(feed(evaluator, [sample(1, 0), sample(1, 10), sample(1, 20)])).toEqual(['pending@20']);
    expect(evaluator.evaluate(at(150)).map(brief)).toEqual(['resolved@140(condition_cleared)']);
  });

  it('fires at its due time when the window is empty then (no data changes nothing)', () => {
    const evaluator = evaluatorWith(cpuRule({ for: '2m', condition: { aggregate: 'avg', window: '1m' } }));
    feed(evaluator, [sample(100, 0)]);
    expect(evaluator.evaluate(at(120)).map(brief)).toEqual(['fired@120']);
  });
});

describe('AlertEvaluator staleness', () => {
  it('resolves alerts of a series without samples for 5 minutes', () => {
    const evaluator = evaluatorWith(cpuRule());
    feed(evaluator, [sample(95, 0), sample(95, 30)]);
    expect(evaluator.nextDueAt()).toBe(at(330));
    expect(evaluator.evaluate(at(400)).map(brief)).toEqual(['resolved@330(series_stale)']);
    expect(evaluator.evaluate(at(400)).map(brief)).toEqual([]);
  });

  it('waits twice the window when that is longer, or staleAfter when given', () => {
    const windowed = evaluatorWith(cpuRule({ condition: { aggregate: 'max', window: '10m' } }));
    feed(windowed, [sample(95, 0)]);
    expect(windowed.nextDueAt()).toBe(at(1200));
    const explicit = evaluatorWith(cpuRule({ condition: { staleAfter: '2h' } }));
    feed(explicit, [sample(95, 0)]);
    expect(explicit.nextDueAt()).toBe(at(7200));
  });

  it('resolves as stale first when the next sample comes after a long gap', () => {
    const evaluator = evaluatorWith(cpuRule());
    expect(feed(evaluator, [sample(95, 0), sample(95, 600)])).toEqual([
      'pending@0',
      'fired@0',
      'resolved@300(series_stale)',
      'pending@600',
      'fired@600',
    ]);
  });

  it('finds the gap even when evaluate ran no timer in between', () => {
    const evaluator = evaluatorWith(cpuRule());
    feed(evaluator, [sample(95, 0)]);
    evaluator.ingest(sample(95, 600));
    // The caller's clock is behind the samples: the stale timer is not due yet by nowMs.
    expect(evaluator.evaluate(at(100)).map(brief)).toEqual([
      'resolved@300(series_stale)',
      'pending@600',
      'fired@600',
    ]);
  });

  it('is not stale when a sample arrived before the due time but was not evaluated yet', () => {
    const evaluator = evaluatorWith(cpuRule());
    feed(evaluator, [sample(95, 0)]);
    evaluator.ingest(sample(95, 200));
    expect(evaluator.evaluate(at(400)).map(brief)).toEqual([]);
    expect(evaluator.nextDueAt()).toBe(at(500));
  });
});

describe('AlertEvaluator flap detection', () => {
  const flappy = { flapDetection: { maxChanges: 2, window: '10m', settle: '5m' } };

  it('reports flapping once when changes exceed maxChanges, and settles after a quiet period', () => {
    const evaluator = evaluatorWith(cpuRule(flappy));
    const transitions = feed(evaluator, [
      sample(95, 0),
      sample(50, 60),
      sample(95, 120),
      sample(50, 180),
      sample(95, 240),
    ]);
    expect(transitions).toEqual([
      'pending@0',
      'fired@0',
      'resolved@60(condition_cleared)',
      'pending@120',
      'fired@120',
      'flapping@120',
      'resolved@180(condition_cleared)',
      'pending@240',
      'fired@240',
    ]);
    expect(evaluator.activeAlerts()[0]!.flapping).toBe(true);
    // Keep it firing: the last change was at 240 s, so it settles at 540 s.
    feed(evaluator, [sample(95, 300), sample(95, 420)]);
    expect(evaluator.nextDueAt()).toBe(at(540));
    const settled = evaluator.evaluate(at(600));
    expect(settled.map(brief)).toEqual(['flap_settled@540']);
  });

  it('counts the changes in the flap event', () => {
    const evaluator = evaluatorWith(cpuRule(flappy));
    evaluator.ingest(sample(95, 0));
    evaluator.evaluate(at(0));
    evaluator.ingest(sample(50, 60));
    evaluator.evaluate(at(60));
    evaluator.ingest(sample(95, 120));
    const flapping = evaluator.evaluate(at(120)).find((t) => t.type === 'flapping');
    expect(flapping).toMatchObject({ changes: 3, at: at(120), activeSince: at(120) });
  });

  it('forgets changes older than the window', () => {
    const evaluator = evaluatorWith(cpuRule(flappy));
    const transitions = feed(evaluator, [sample(95, 0), sample(50, 60), sample(95, 700), sample(50, 760)]);
    expect(transitions.filter((t) => t.startsWith('flapping'))).toEqual([]);
  });

  it('does nothing when disabled', () => {
    const evaluator = evaluatorWith(cpuRule({ flapDetection: { enabled: false, maxChanges: 1 } }));
    const transitions = feed(evaluator, [sample(95, 0), sample(50, 60), sample(95, 120), sample(50, 180)]);
    expect(transitions.filter((t) => t.startsWith('flap'))).toEqual([]);
  });
});

describe('AlertEvaluator samples and series', () => {
  it('ignores NaN and infinite values, and samples older than the last one', () => {
    const evaluator = evaluatorWith(cpuRule());
    expect(
      feed(evaluator, [
        sample(50, 10),
        sample(Number.NaN, 20),
        sample(Number.POSITIVE_INFINITY, 30),
        sample(95, 5),
      ]),
    ).toEqual([]);
    expect(evaluator.stats()).toEqual({ rules: 1, series: 1, droppedSeries: 0 });
  });

  it('treats labels in any order as the same series, and other label sets as other alerts', () => {
    const evaluator = evaluatorWith(cpuRule());
    const transitions = feed(evaluator, [
      sample(95, 0, { service: 'api', zone: 'a' }),
      sample(95, 10, { zone: 'a', service: 'api' }),
      sample(95, 20, { service: 'web', zone: 'a' }),
    ]);
    expect(transitions).toEqual(['pending@0', 'fired@0', 'pending@20', 'fired@20']);
    expect(evaluator.stats().series).toBe(2);
    expect(new Set(evaluator.activeAlerts().map((a) => a.fingerprint)).size).toBe(2);
  });

  it('only evaluates series whose name and labels the rule selects', () => {
    const evaluator = evaluatorWith(cpuRule({ condition: { matchers: ['service=~"api|web"'] } }));
    evaluator.ingest(sample(95, 0, { service: 'db' }));
    evaluator.ingest({ name: 'memory_percent', labels: { service: 'api' }, value: 99, timestamp: at(0) });
    expect(evaluator.evaluate(at(0))).toEqual([]);
    expect(evaluator.stats().series).toBe(0);
  });

  it('ignores and counts new series beyond maxSeriesPerRule', () => {
    const evaluator = new AlertEvaluator({ maxSeriesPerRule: 2 });
    evaluator.setRules([cpuRule()], T0);
    for (const service of ['a', 'b', 'c', 'c', 'd']) evaluator.ingest(sample(95, 0, { service }));
    expect(evaluator.evaluate(at(0)).filter((t) => t.type === 'fired')).toHaveLength(2);
    expect(evaluator.stats()).toEqual({ rules: 1, series: 2, droppedSeries: 2 });
  });

  it('forgets series that went quiet, so that others can take their place', () => {
    const evaluator = new AlertEvaluator({ maxSeriesPerRule: 1 });
    evaluator.setRules([cpuRule()], T0);
    expect(feed(evaluator, [sample(95, 0, { service: 'a' }), sample(95, 0, { service: 'b' })])).toEqual([
      'pending@0',
      'fired@0',
    ]);
    expect(evaluator.stats()).toEqual({ rules: 1, series: 1, droppedSeries: 1 });
    // a resolves as stale at 300 s; that change stays in its flap window (10 min) until 900 s.
    expect(evaluator.evaluate(at(600)).map(brief)).toEqual(['resolved@300(series_stale)']);
    expect(evaluator.stats().series).toBe(1);
    evaluator.evaluate(at(901));
    expect(evaluator.stats().series).toBe(0);
    expect(feed(evaluator, [sample(95, 910, { service: 'b' })])).toEqual(['pending@910', 'fired@910']);
  });

  it('reuses the series of a labels object seen before, and a new object with the same labels too', () => {
    const evaluator = evaluatorWith(cpuRule());
    const labels = { service: 'api' };
    feed(evaluator, [sample(50, 0, labels), sample(50, 10, labels), sample(50, 20, labels)]);
    expect(feed(evaluator, [sample(95, 30, { service: 'api' })])).toEqual(['pending@30', 'fired@30']);
    expect(evaluator.stats().series).toBe(1);
  });

  it('evaluates windowed aggregates and rates on the samples of the window', () => {
    const avg = evaluatorWith(cpuRule({ condition: { aggregate: 'avg', window: '2m', threshold: 50 } }));
    expect(feed(avg, [sample(40, 0), sample(55, 60), sample(60, 120), sample(90, 180)])).toEqual([
      'pending@120',
      'fired@120',
    ]);
    const rate = evaluatorWith(cpuRule({ condition: { aggregate: 'rate', window: '5m', threshold: 1 } }));
    // A counter growing 30 per minute (0.5/s), then reset and growing 120 per minute (2/s).
    expect(feed(rate, [sample(100, 0), sample(130, 60), sample(160, 120)])).toEqual([]);
    expect(feed(rate, [sample(0, 180), sample(400, 240)])).toEqual(['pending@240', 'fired@240']);
  });
});

const up = (value: number, seconds: number, labels: Record<string, string>) => ({
  name: CHECK_SERIES.up,
  labels: { monitor_id: 'm1', ...labels },
  value,
  timestamp: at(seconds),
});

describe('AlertEvaluator monitor conditions', () => {
  it('monitor_down fires when vigia_monitor_up is 0 for a matching monitor', () => {
    const evaluator = evaluatorWith(
      ruleOf({ condition: { kind: 'monitor_down', matchers: ['service="api"'] } }),
    );
    expect(feed(evaluator, [up(1, 0, { service: 'api', monitor: 'api-health', kind: 'http' })])).toEqual([]);
    expect(feed(evaluator, [up(0, 30, { service: 'api', monitor: 'api-health', kind: 'http' })])).toEqual([
      'pending@30',
      'fired@30',
    ]);
    expect(feed(evaluator, [up(0, 30, { service: 'web', monitor: 'web', kind: 'http' })])).toEqual([]);
  });

  it('heartbeat_missing only watches heartbeat monitors', () => {
    const evaluator = evaluatorWith(ruleOf({ condition: { kind: 'heartbeat_missing' } }));
    expect(feed(evaluator, [up(0, 0, { kind: 'http', monitor: 'web' })])).toEqual([]);
    expect(feed(evaluator, [up(0, 0, { kind: 'heartbeat', monitor: 'backup' })])).toEqual([
      'pending@0',
      'fired@0',
    ]);
  });

  it('certificate_expiry fires when fewer days than `days` are left', () => {
    const evaluator = evaluatorWith(
      ruleOf({
        condition: { kind: 'certificate_expiry', days: 14 },
        annotations: { summary: '{{ $labels.monitor }}: {{ $value }} days left (< {{ $threshold }})' },
      }),
    );
    const days = (value: number, seconds: number) => ({
      name: CHECK_SERIES.certificateDaysLeft,
      labels: { monitor: 'web-tls' },
      value,
      timestamp: at(seconds),
    });
    expect(feed(evaluator, [days(20, 0)])).toEqual([]);
    evaluator.ingest(days(13, 60));
    const transitions = evaluator.evaluate(at(60));
    expect(transitions.map(brief)).toEqual(['pending@60', 'fired@60']);
    expect(transitions[1]!.annotations.summary).toBe('web-tls: 13 days left (< 14)');
  });
});

describe('AlertEvaluator rule changes', () => {
  it('resolves alerts of removed and disabled rules as rule_removed', () => {
    const evaluator = evaluatorWith(cpuRule({}, 'a'), cpuRule({ name: 'cpu-b' }, 'b'));
    feed(evaluator, [sample(95, 0)]);
    const removed = evaluator.setRules([cpuRule({ name: 'cpu-b', enabled: false }, 'b')], at(30));
    expect(removed.map((t) => [t.rule.id, brief(t), t.wasFiring])).toEqual([
      ['a', 'resolved@30(rule_removed)', true],
      ['b', 'resolved@30(rule_removed)', true],
    ]);
    expect(evaluator.stats()).toEqual({ rules: 0, series: 0, droppedSeries: 0 });
  });

  it('resolves alerts of a changed rule as rule_changed and evaluates it afresh', () => {
    const evaluator = evaluatorWith(cpuRule());
    feed(evaluator, [sample(95, 0)]);
    const changed = evaluator.setRules([cpuRule({ condition: { threshold: 80 } })], at(30));
    expect(changed.map(brief)).toEqual(['resolved@30(rule_changed)']);
    expect(changed[0]!.rule.condition).toMatchObject({ threshold: 90 });
    expect(feed(evaluator, [sample(85, 40)])).toEqual(['pending@40', 'fired@40']);
  });

  it('keeps the state of unchanged rules, and of rules whose description alone changed', () => {
    const evaluator = evaluatorWith(cpuRule({ for: '2m' }));
    feed(evaluator, [sample(95, 0)]);
    const updated = cpuRule({ for: '2m', description: 'new words' });
    expect(evaluator.setRules([updated], at(30))).toEqual([]);
    expect(evaluator.activeAlerts()).toMatchObject([{ state: 'pending', activeSince: at(0) }]);
    const fired = evaluator.evaluate(at(120));
    expect(fired.map(brief)).toEqual(['fired@120']);
    expect(fired[0]!.rule).toBe(updated);
  });

  it('lets a new rule evaluate series already known', () => {
    const evaluator = evaluatorWith(cpuRule({}, 'a'));
    feed(evaluator, [sample(50, 0)]);
    evaluator.setRules(
      [cpuRule({}, 'a'), cpuRule({ name: 'cpu-low', condition: { op: '<', threshold: 60 } }, 'b')],
      at(5),
    );
    expect(evaluator.stats()).toMatchObject({ rules: 2, series: 1 });
    const transitions = feed(evaluator, [sample(55, 10)]);
    expect(transitions).toEqual(['pending@10', 'fired@10']);
  });
});

describe('AlertEvaluator determinism', () => {
  const samples = [
    sample(95, 0),
    sample(95, 0, { service: 'web' }),
    sample(50, 45),
    sample(96, 90, { service: 'web' }),
    sample(97, 100),
    sample(20, 400, { service: 'web' }),
    sample(98, 1000),
  ];

  /** Runs the samples, evaluating `offsetMs` after each sample's time; returns all transitions. */
  function run(offsetMs: number) {
    const evaluator = new AlertEvaluator();
    const out = evaluator.setRules([cpuRule({ for: '1m', keepFiringFor: '30s' })], T0);
    for (const one of samples) {
      evaluator.ingest(one);
      out.push(...evaluator.evaluate(one.timestamp + offsetMs));
    }
    out.push(...evaluator.evaluate(at(2000)));
    return out.map(plain);
  }

  it('gives the same transitions for the same samples and evaluate times', () => {
    const first = run(0);
    expect(first.length).toBeGreaterThan(4);
    expect(run(0)).toEqual(first);
  });

  it('gives the same transitions however samples are batched between evaluate calls', () => {
    const rule = cpuRule({
      for: '1m',
      keepFiringFor: '30s',
      condition: { aggregate: 'avg', window: '1m' },
      flapDetection: { maxChanges: 2 },
    });
    const many = Array.from({ length: 120 }, (_, i) => [
      sample(i % 7 < 4 ? 95 : 60, i * 20),
      sample(i % 11 < 3 ? 99 : 10, i * 20 + 7, { service: 'web' }),
    ]).flat();
    /** Transitions per alert series, in order, evaluating after every `batch` samples. */
    const perAlert = (batch: number) => {
      const evaluator = new AlertEvaluator();
      evaluator.setRules([rule], T0);
      const out: string[] = [];
      many.forEach((one, index) => {
        evaluator.ingest(one);
        if (index % batch === batch - 1) {
          out.push(...evaluator.evaluate(one.timestamp).map((t) => `${t.labels.service} ${brief(t)}`));
        }
      });
      out.push(...evaluator.evaluate(at(5000)).map((t) => `${t.labels.service} ${brief(t)}`));
      return [out.filter((line) => line.startsWith('api')), out.filter((line) => line.startsWith('web'))];
    };
    const reference = perAlert(1);
    expect(reference[0]!.length).toBeGreaterThan(10);
    expect(reference.flat().filter((line) => line.includes('flap')).length).toBeGreaterThan(1);
    for (const batch of [2, 5, 17, 240]) expect(perAlert(batch)).toEqual(reference);
  });

  it('gives the same alert for samples batched or not when the rule reads only the last sample', () => {
    // A replay after a restart evaluates many samples at once; the first of them must not be lost
    // (it starts the alert: its time is the alert's activeSince, and so part of the alert's id).
    const rule = ruleOf({ condition: { kind: 'monitor_down', matchers: ['service="api"'] } });
    const labels = { service: 'api', monitor: 'api-health', kind: 'http' };
    const samples = [up(0, 0, labels), up(0, 5, labels), up(0, 10, labels)];
    const fired = (batch: number) => {
      const evaluator = evaluatorWith(rule);
      const out: string[] = [];
      samples.forEach((one, index) => {
        evaluator.ingest(one);
        if (index % batch === batch - 1 || index === samples.length - 1)
          out.push(...evaluator.evaluate(one.timestamp).map(brief));
      });
      return { out, active: evaluator.activeAlerts().map((a) => a.activeSince) };
    };
    expect(fired(1)).toEqual({ out: ['pending@0', 'fired@0'], active: [at(0)] });
    expect(fired(3)).toEqual(fired(1));
  });

  it('takes times from samples and due timers, not from when evaluate runs', () => {
    // A replay evaluates at other times than the live run did: the transitions are the same.
    expect(run(7000)).toEqual(run(0));
    expect(
      run(0)
        .filter((t) => t.type === 'pending')
        .map((t) => t.activeSince - T0),
    ).toEqual([0, 0, 100_000, 1_000_000]);
  });
});
