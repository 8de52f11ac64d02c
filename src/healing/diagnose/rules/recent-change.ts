import type { EvidenceRef, ProbableCause } from '../../healing-events.js';
import type { ChangeFact, DiagnosisContext, MinuteMean } from '../diagnosis-context.js';
import { clockTime, distinctRefs, listNames, shortNumber } from '../evidence.js';
import { MINUTE_MS, weightedMean } from '../metric-window.js';
import { CheckSeries, StandardMetrics } from '../observed-events.js';
import { Confidence, confidence, Thresholds } from './thresholds.js';

/** A signal that rises when a change goes wrong: by how much (factor and amount) counts as a rise. */
interface Signal {
  metric: string;
  label: string;
  unit: string;
  factor: number;
  minRise: number;
}

const SIGNALS: ReadonlyArray<Signal> = [
  { metric: StandardMetrics.responseTimeMs, label: 'response time', unit: ' ms', factor: 1.5, minRise: 20 },
  { metric: StandardMetrics.errorRate, label: 'error rate', unit: '', factor: 2, minRise: 0.01 },
  { metric: CheckSeries.latencyMs, label: 'check latency', unit: ' ms', factor: 1.5, minRise: 20 },
  { metric: CheckSeries.failureRatio, label: 'share of failing checks', unit: '', factor: 1, minRise: 0.25 },
];

interface Rise {
  signal: Signal;
  before: number;
  after: number;
  peakRef: EvidenceRef;
}

/**
 * A deploy or configuration change on the alert's service (or a global one) in the half hour
 * before the alert fired, after which latency or errors rose. A change with no measurable rise
 * after it is kept with low confidence: it still came just before the alert.
 */
export function recentChange(context: DiagnosisContext): ProbableCause | undefined {
  const { service, firedAtMs } = context.alert;
  const changes = context.changes
    .filter((c) => c.atMs <= firedAtMs && c.atMs >= firedAtMs - Thresholds.changeWindowMs)
    .filter((c) => c.service === null || c.service === service)
    .reverse();
  let best: { change: ChangeFact; rises: Rise[]; score: number } | undefined;
  for (const change of changes) {
    const rises = risesAfter(context, change.atMs);
    const score = scoreOf(change, rises);
    if (!best || score > best.score) best = { change, rises, score };
  }
  if (!best) return undefined;
  const { change, rises, score } = best;
  const minutesBefore = Math.round((firedAtMs - change.atMs) / MINUTE_MS);
  const where = change.service === null ? 'everywhere' : `on ${change.service}`;
  const what = change.description ? ` (${change.description})` : '';
  const after =
    rises.length > 0
      ? `; since then ${listNames(rises.map(describeRise))}`
      : '; no rise of latency or errors after it was measured';
  return {
    kind: 'recent_change',
    subject: change.changeId,
    confidence: score,
    explanation:
      `${change.kind} ${where} at ${clockTime(change.atMs)}${what}, ` +
      `${minutesBefore} minute(s) before the alert fired${after}`,
    evidence: distinctRefs([change.ref, ...rises.map((r) => r.peakRef)], Thresholds.evidencePerCause),
  };
}

function scoreOf(change: ChangeFact, rises: ReadonlyArray<Rise>): number {
  const global = change.service === null;
  if (rises.length > 0)
    return confidence(global ? Confidence.globalChangeWithRise : Confidence.changeWithRise);
  return confidence(global ? Confidence.globalChangeWithoutRise : Confidence.changeWithoutRise);
}

/** The signals of the alert's service whose mean after `atMs` is clearly above their mean before it. */
function risesAfter(context: DiagnosisContext, atMs: number): Rise[] {
  const rises: Rise[] = [];
  for (const signal of SIGNALS) {
    const minutes = context.metrics.find((s) => s.metric === signal.metric)?.minutes ?? [];
    const beforeMinutes = minutes.filter(
      (m) => m.minuteMs + MINUTE_MS <= atMs && m.minuteMs >= atMs - Thresholds.changeWindowMs,
    );
    const afterMinutes = minutes.filter((m) => m.minuteMs + MINUTE_MS > atMs);
    const before = weightedMean(beforeMinutes);
    const after = weightedMean(afterMinutes);
    if (before === undefined || after === undefined) continue;
    if (after - before < signal.minRise || after < before * signal.factor) continue;
    rises.push({ signal, before, after, peakRef: peakOf(afterMinutes).peakRef });
  }
  return rises;
}

function peakOf(minutes: ReadonlyArray<MinuteMean>): MinuteMean {
  return minutes.reduce((peak, m) => (m.mean > peak.mean ? m : peak));
}

function describeRise(rise: Rise): string {
  const { label, unit } = rise.signal;
  return `${label} rose from ${shortNumber(rise.before)}${unit} to ${shortNumber(rise.after)}${unit}`;
}
