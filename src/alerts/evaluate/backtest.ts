import { matchesAll } from '../../kernel/index.js';
import type { AlertRule } from '../definition/rule-compile.js';
import { AlertEvaluator } from './alert-evaluator.js';
import type { Sample, TransitionType } from './evaluator-types.js';
import { canonicalSeriesKey } from './series-entry.js';

export interface BacktestOptions {
  /** Evaluate at least this often between samples, so `for` and staleness timers run (default 15 s). */
  stepMs?: number;
  /** Stop at this time: later samples are not read; steps continue up to it (default: the last sample). */
  untilMs?: number;
}

export interface BacktestTransition {
  type: TransitionType;
  at: number;
  labels: Record<string, string>;
  value: number | null;
}

export interface BacktestResult {
  transitions: BacktestTransition[];
  /** How many times the rule fired. */
  firedCount: number;
  /** Distinct series the rule's series name and matchers selected. */
  seriesCount: number;
  /** Samples read (up to untilMs). */
  samples: number;
}

const DEFAULT_STEP_MS = 15_000;

/**
 * "When would this rule have fired?": feeds `samples` in timestamp order into a fresh evaluator
 * holding only `rule`, evaluating after each sample and every `stepMs` in between. The samples
 * are collected and sorted first (held in memory), so they may come in any order.
 */
export async function backtestRule(
  rule: AlertRule,
  samples: Iterable<Sample> | AsyncIterable<Sample>,
  options: BacktestOptions = {},
): Promise<BacktestResult> {
  const stepMs = options.stepMs !== undefined && options.stepMs > 0 ? options.stepMs : DEFAULT_STEP_MS;
  const untilMs = options.untilMs ?? Number.POSITIVE_INFINITY;
  const sorted: Sample[] = [];
  for await (const sample of samples) if (sample.timestamp <= untilMs) sorted.push(sample);
  // Stable: samples of the same time keep their order.
  sorted.sort((a, b) => a.timestamp - b.timestamp);

  const evaluator = new AlertEvaluator();
  const transitions: BacktestTransition[] = [];
  const record = (nowMs: number) => {
    for (const { type, at, labels, value } of evaluator.evaluate(nowMs))
      transitions.push({ type, at, labels, value });
  };
  const first = sorted[0];
  if (first === undefined) return { transitions, firedCount: 0, seriesCount: 0, samples: 0 };
  evaluator.setRules([{ ...rule, enabled: true }], first.timestamp);
  let nextStep = first.timestamp + stepMs;
  const { condition } = rule;
  const series = new Set<string>();
  for (const sample of sorted) {
    for (; nextStep < sample.timestamp; nextStep += stepMs) record(nextStep);
    evaluator.ingest(sample);
    record(sample.timestamp);
    if (sample.name === condition.series && matchesAll(condition.matchers, sample.labels)) {
      series.add(canonicalSeriesKey(sample.name, sample.labels));
    }
  }
  const end = Number.isFinite(untilMs) ? untilMs : sorted[sorted.length - 1]!.timestamp;
  for (; nextStep <= end; nextStep += stepMs) record(nextStep);
  if (nextStep - stepMs < end) record(end);
  const firedCount = transitions.filter((transition) => transition.type === 'fired').length;
  return { transitions, firedCount, seriesCount: series.size, samples: sorted.length };
}
