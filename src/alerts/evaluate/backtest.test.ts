import { describe, expect, it } from 'vitest';
import { backtestRule } from './backtest.js';
import { at, cpuRule, sample } from './test-fixtures.js';

const seconds = (transitions: Array<{ type: string; at: number }>) =>
  transitions.map((t) => `${t.type}@${(t.at - at(0)) / 1000}`);

describe('backtestRule', () => {
  it('replays samples in time order and tells when the rule would have fired', async () => {
    const samples = Array.from({ length: 20 }, (_, i) => sample(i >= 2 && i <= 8 ? 95 : 50, i * 30));
    samples.reverse();
    const result = await backtestRule(cpuRule({ for: '1m' }), samples, {});
    expect(seconds(result.transitions)).toEqual(['pending@60', 'fired@120', 'resolved@270']);
    expect(result).toMatchObject({ firedCount: 1, seriesCount: 1, samples: 20 });
    expect(result.transitions[1]).toMatchObject({
      labels: { service: 'api', alertname: 'cpu-high' },
      value: 95,
    });
  });

  it('evaluates every step between samples, so timers run, up to untilMs', async () => {
    async function* one() {
      yield sample(95, 0);
      yield sample(95, 3600); // after untilMs: not read
    }
    const result = await backtestRule(cpuRule({ for: '1m' }), one(), { stepMs: 10_000, untilMs: at(600) });
    expect(seconds(result.transitions)).toEqual(['pending@0', 'fired@60', 'resolved@300']);
    expect(result.samples).toBe(1);
  });

  it('counts the series the rule selects and runs a disabled rule too', async () => {
    const samples = [
      sample(95, 0, { service: 'a' }),
      sample(95, 0, { service: 'b' }),
      sample(95, 0, { service: 'a' }),
    ];
    const result = await backtestRule(cpuRule({ enabled: false }), samples, {});
    expect(result).toMatchObject({ firedCount: 2, seriesCount: 2, samples: 3 });
  });

  it('answers with nothing for no samples', async () => {
    expect(await backtestRule(cpuRule(), [], {})).toEqual({
      transitions: [],
      firedCount: 0,
      seriesCount: 0,
      samples: 0,
    });
  });
});
