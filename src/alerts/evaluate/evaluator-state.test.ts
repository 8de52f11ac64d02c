import { describe, expect, it } from 'vitest';
import { AlertEvaluator, type EvaluatorState, EvaluatorStateError } from './alert-evaluator.js';
import { at, cpuRule, plain, ruleOf, sample, T0 } from './test-fixtures.js';

const rules = () => [
  cpuRule({ for: '2m', keepFiringFor: '1m', flapDetection: { maxChanges: 2, settle: '5m' } }, 'threshold'),
  ruleOf(
    {
      name: 'cpu-anomaly',
      condition: { kind: 'dynamic', series: 'cpu_percent', baseline: { minPoints: 5 } },
    },
    'dynamic',
  ),
];

/** Samples for two services over 20 minutes: learning, a flapping stretch, a long spike. */
const history = Array.from({ length: 40 }, (_, i) => [
  sample(i >= 10 && i < 16 ? (i % 2 ? 95 : 20) : i >= 25 ? 99 : 50, i * 30),
  sample(40 + (i % 3), i * 30 + 5, { service: 'web' }),
]).flat();

function replay(evaluator: AlertEvaluator, from: number, to: number) {
  const out = [];
  for (const one of history.slice(from, to)) {
    evaluator.ingest(one);
    out.push(...evaluator.evaluate(one.timestamp + 1000));
  }
  out.push(...evaluator.evaluate(at(3000)));
  return out.map(plain);
}

/** An evaluator that ran the first `count` samples, with one more ingested but not evaluated. */
function midway(count: number): AlertEvaluator {
  const evaluator = new AlertEvaluator();
  evaluator.setRules(rules(), T0);
  for (const one of history.slice(0, count)) {
    evaluator.ingest(one);
    evaluator.evaluate(one.timestamp + 1000);
  }
  evaluator.ingest(history[count]!);
  return evaluator;
}

describe('exportState / importState', () => {
  it('round-trips exactly, through JSON', () => {
    const state = midway(56).exportState();
    const restored = new AlertEvaluator();
    restored.importState(JSON.parse(JSON.stringify(state)) as EvaluatorState);
    expect(restored.exportState()).toEqual(state);
    expect(state.touched).toHaveLength(1);
    expect(state.series.some((series) => series.alerts.some((alert) => alert.status !== 'inactive'))).toBe(
      true,
    );
  });

  it('resumes with the same timers, alerts, baselines and flap history', () => {
    for (const count of [15, 25, 50, 60]) {
      const original = midway(count);
      const restored = new AlertEvaluator();
      restored.importState(JSON.parse(JSON.stringify(original.exportState())) as EvaluatorState);
      expect(restored.nextDueAt()).toBe(original.nextDueAt());
      expect(restored.activeAlerts()).toEqual(original.activeAlerts());
      expect(restored.band('dynamic')).toEqual(original.band('dynamic'));
      expect(restored.stats()).toEqual(original.stats());
      expect(replay(restored, count + 1, history.length)).toEqual(
        replay(original, count + 1, history.length),
      );
    }
  });

  it('takes rule edits made while stopped through setRules after importing', () => {
    const original = midway(60);
    expect(original.activeAlerts().length).toBeGreaterThan(0);
    const restored = new AlertEvaluator();
    restored.importState(original.exportState());
    const transitions = restored.setRules([rules()[1]!], at(2000));
    expect(transitions.map((t) => [t.rule.id, t.type, t.reason])).toContainEqual([
      'threshold',
      'resolved',
      'rule_removed',
    ]);
  });

  it('refuses something that is not an exported state', () => {
    const evaluator = new AlertEvaluator();
    expect(() => evaluator.importState({} as EvaluatorState)).toThrow(EvaluatorStateError);
    const state = midway(5).exportState();
    expect(() => evaluator.importState({ ...state, rules: [] })).toThrow(/unknown rule threshold/);
  });
});
