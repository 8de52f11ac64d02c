import { type AlertRule, compileAlertRule, parseAlertRule } from '../definition/rule-document.js';
import type { AlertEvaluator, AlertTransition, Sample } from './alert-evaluator.js';

/** Test fixtures for the evaluator's tests: fixed times, rules from documents, short transcripts. */

export const T0 = Date.UTC(2026, 0, 5); // a Monday, 00:00 UTC

/** T0 plus seconds. */
export const at = (seconds: number) => T0 + seconds * 1000;

/** A rule compiled from a document (name and severity filled in). */
export function ruleOf(doc: Record<string, unknown>, id = 'rule-1'): AlertRule {
  const parsed = parseAlertRule({ name: 'cpu-high', severity: 'critical', ...doc });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return compileAlertRule(id, parsed.value);
}

/** A threshold rule on cpu_percent > 90, with `extra` merged into the document. */
export function cpuRule(extra: Record<string, unknown> = {}, id = 'rule-1'): AlertRule {
  const condition = { kind: 'threshold', series: 'cpu_percent', op: '>', threshold: 90 };
  const { condition: more, ...rest } = extra;
  return ruleOf({ ...rest, condition: { ...condition, ...(more as object) } }, id);
}

export function sample(
  value: number,
  seconds: number,
  labels: Record<string, string> = { service: 'api' },
): Sample {
  return { name: 'cpu_percent', labels, value, timestamp: at(seconds) };
}

/** `pending@0`, `resolved@60(series_stale)`: a transition in a line, times in seconds from T0. */
export function brief(transition: AlertTransition): string {
  const seconds = (transition.at - T0) / 1000;
  const reason = transition.reason ? `(${transition.reason})` : '';
  return `${transition.type}@${seconds}${reason}`;
}

/** Ingests each sample and evaluates at its time; returns the transitions in brief. */
export function feed(evaluator: AlertEvaluator, samples: ReadonlyArray<Sample>): string[] {
  const out: string[] = [];
  for (const one of samples) {
    evaluator.ingest(one);
    out.push(...evaluator.evaluate(one.timestamp).map(brief));
  }
  return out;
}

/** A transition without its rule object, for comparing runs. */
export function plain(transition: AlertTransition): Omit<AlertTransition, 'rule'> & { ruleId: string } {
  const { rule, ...rest } = transition;
  return { ...rest, ruleId: rule.id };
}
