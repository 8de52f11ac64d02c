import {
  type CompiledMatcher,
  compileMatcher,
  parseDuration,
  parseMatcherText,
  VigiaError,
} from '../../kernel/index.js';
import type { Severity } from '../alert-events.js';
import { CHECK_SERIES } from '../check-series.js';
import { type AnnotationTemplate, compileTemplate } from './annotation-template.js';
import type { Aggregate, Comparison, Direction, Seasonality } from './rule-condition.js';
import type { AlertRuleDocument } from './rule-schema.js';

/** A rule ready for the evaluator: matchers and templates compiled, durations in milliseconds. */
export interface AlertRule {
  id: string;
  name: string;
  enabled: boolean;
  severity: Severity;
  forMs: number;
  keepFiringForMs: number;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, AnnotationTemplate>>;
  flap: FlapSettings;
  condition: CompiledCondition;
  /** The document it was compiled from (the evaluator's exported state carries it). */
  document: AlertRuleDocument;
}

export interface FlapSettings {
  enabled: boolean;
  windowMs: number;
  maxChanges: number;
  settleMs: number;
}

/** Which samples a condition reads, and how a window of them becomes one value. */
export interface SeriesSelection {
  /** The series name, resolved to a CHECK_SERIES name for the monitor kinds. */
  series: string;
  matchers: ReadonlyArray<CompiledMatcher>;
  aggregate: Aggregate;
  /** Only with aggregate percentile. */
  percentile?: number;
  windowMs: number;
  /** No sample for this long resolves the series' alerts (series_stale). */
  staleMs: number;
}

/** threshold, and the monitor kinds expressed as thresholds on CHECK_SERIES. */
export interface CompiledThresholdCondition extends SeriesSelection {
  kind: 'threshold' | 'monitor_down' | 'heartbeat_missing' | 'certificate_expiry';
  op: Comparison;
  threshold: number;
}

export interface CompiledDynamicCondition extends SeriesSelection {
  kind: 'dynamic';
  direction: Direction;
  baseline: { seasonality: Seasonality; historyMs: number; k: number; minPoints: number };
}

export type CompiledCondition = CompiledThresholdCondition | CompiledDynamicCondition;

/** Minimum time without samples before a series counts as stale. */
export const MIN_STALE_MS = 5 * 60_000;

/** A parsed document that does not compile: a bug, since parseAlertRule checks the same things. */
export class AlertRuleCompileError extends VigiaError {
  constructor(ruleName: string, field: string, problem: string) {
    super('ALERT_RULE_INVALID', `alert rule "${ruleName}": ${field} ${problem}`, {
      details: { rule: ruleName, field },
    });
  }
}

/** Compiles a rule document (from parseAlertRule) for the evaluator; throws AlertRuleCompileError if it is invalid. */
export function compileAlertRule(id: string, doc: AlertRuleDocument): AlertRule {
  const ms = (field: string, text: string): number => {
    const value = parseDuration(text);
    if (value === undefined) throw new AlertRuleCompileError(doc.name, field, `is not a duration: "${text}"`);
    return value;
  };
  const annotations: Record<string, AnnotationTemplate> = {};
  for (const [name, text] of Object.entries(doc.annotations)) {
    const compiled = compileTemplate(text);
    if (!compiled.ok) throw new AlertRuleCompileError(doc.name, `annotations.${name}`, compiled.message);
    annotations[name] = compiled.template;
  }
  return {
    id,
    name: doc.name,
    enabled: doc.enabled,
    severity: doc.severity,
    forMs: ms('for', doc.for),
    keepFiringForMs: ms('keepFiringFor', doc.keepFiringFor),
    labels: { ...doc.labels },
    annotations,
    flap: {
      enabled: doc.flapDetection.enabled,
      windowMs: ms('flapDetection.window', doc.flapDetection.window),
      maxChanges: doc.flapDetection.maxChanges,
      settleMs: ms('flapDetection.settle', doc.flapDetection.settle),
    },
    condition: compileCondition(doc, ms),
    document: doc,
  };
}

function compileCondition(
  doc: AlertRuleDocument,
  ms: (field: string, text: string) => number,
): CompiledCondition {
  const condition = doc.condition;
  const matchers = condition.matchers.map((text, index) => {
    const parsed = parseMatcherText(text);
    if (!parsed.ok) throw new AlertRuleCompileError(doc.name, `condition.matchers[${index}]`, parsed.message);
    return parsed.matcher;
  });
  const staleAfter = (windowMs: number) =>
    condition.staleAfter === undefined
      ? Math.max(MIN_STALE_MS, 2 * windowMs)
      : ms('condition.staleAfter', condition.staleAfter);
  if (condition.kind === 'threshold' || condition.kind === 'dynamic') {
    const windowMs = ms('condition.window', condition.window);
    const selection: SeriesSelection = {
      series: condition.series,
      matchers,
      aggregate: condition.aggregate,
      windowMs,
      staleMs: staleAfter(windowMs),
    };
    if (condition.percentile !== undefined) selection.percentile = condition.percentile;
    if (condition.kind === 'threshold') {
      return { kind: 'threshold', ...selection, op: condition.op, threshold: condition.threshold };
    }
    const { seasonality, history, k, minPoints } = condition.baseline;
    return {
      kind: 'dynamic',
      ...selection,
      direction: condition.direction,
      baseline: { seasonality, historyMs: ms('condition.baseline.history', history), k, minPoints },
    };
  }
  const onMonitor = { matchers, aggregate: 'last' as const, windowMs: 0, staleMs: staleAfter(0) };
  if (condition.kind === 'certificate_expiry') {
    return {
      kind: condition.kind,
      series: CHECK_SERIES.certificateDaysLeft,
      ...onMonitor,
      op: '<',
      threshold: condition.days,
    };
  }
  if (condition.kind === 'heartbeat_missing') {
    const heartbeat = compileMatcher({ name: 'kind', op: '=', value: 'heartbeat' });
    if (heartbeat.ok) onMonitor.matchers = [...matchers, heartbeat.matcher];
  }
  return { kind: condition.kind, series: CHECK_SERIES.up, ...onMonitor, op: '==', threshold: 0 };
}

/**
 * What decides whether a rule "changed" for the evaluator: everything compiled except the id
 * and the description (changing only the description keeps the rule's alerts).
 */
export function ruleSignature(rule: AlertRule): string {
  const { condition } = rule;
  return JSON.stringify([
    rule.name,
    rule.enabled,
    rule.severity,
    rule.forMs,
    rule.keepFiringForMs,
    sortedEntries(rule.labels),
    sortedEntries(rule.annotations).map(([name, template]) => [name, template.source]),
    rule.flap,
    { ...condition, matchers: condition.matchers.map((m) => [m.name, m.op, m.value]) },
  ]);
}

/** What a dynamic rule's learned baseline depends on: equal keys let a changed rule keep it. */
export function baselineKey(rule: AlertRule): string | undefined {
  const { condition } = rule;
  if (condition.kind !== 'dynamic') return undefined;
  return JSON.stringify([
    condition.series,
    condition.matchers.map((m) => [m.name, m.op, m.value]),
    condition.aggregate,
    condition.percentile ?? null,
    condition.windowMs,
    condition.baseline.seasonality,
    condition.baseline.historyMs,
  ]);
}

function sortedEntries<T>(record: Readonly<Record<string, T>>): Array<[string, T]> {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
