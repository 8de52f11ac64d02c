import type { ProbableCause } from '../../healing-events.js';
import type { DiagnosisContext, MinuteMean } from '../diagnosis-context.js';
import { clockTime, distinctRefs, shortNumber } from '../evidence.js';
import { MINUTE_MS } from '../metric-window.js';
import { StandardMetrics } from '../observed-events.js';
import { Confidence, confidence, Thresholds } from './thresholds.js';

const RESOURCES = [
  { metric: StandardMetrics.cpuPercent, name: 'cpu' },
  { metric: StandardMetrics.memoryPercent, name: 'memory' },
] as const;

/**
 * The alert's service ran out of cpu or memory: a per-minute mean of `cpu_percent` or
 * `memory_percent` above 90 from shortly before the alert fired until now. The longer it lasted,
 * the surer; the hotter resource is the subject.
 */
export function resourceSaturation(context: DiagnosisContext): ProbableCause | undefined {
  const service = context.alert.service;
  if (service === null) return undefined;
  const fromMs = context.alert.firedAtMs - Thresholds.saturationWindowMs;
  const hot = RESOURCES.map((resource) => {
    const minutes = context.metrics.find((s) => s.metric === resource.metric)?.minutes ?? [];
    const over = minutes
      .filter((m) => m.minuteMs + MINUTE_MS > fromMs && m.mean > Thresholds.saturationPercent)
      .sort((a, b) => b.mean - a.mean);
    return { ...resource, over };
  }).filter((r) => r.over.length > 0);
  if (hot.length === 0) return undefined;
  hot.sort((a, b) => b.over[0]!.mean - a.over[0]!.mean);
  const worst = hot[0]!;
  const windowMinutes = Math.round(Thresholds.saturationWindowMs / MINUTE_MS);
  return {
    kind: 'resource_saturation',
    subject: `${worst.name} on ${service}`,
    confidence: confidence(
      Math.min(
        Confidence.saturationMax,
        Confidence.saturation + Confidence.saturationPerExtraMinute * (worst.over.length - 1),
      ),
    ),
    explanation: hot
      .map(
        (r) =>
          `${r.metric} of ${service} averaged ${peakText(r.over[0]!)} ` +
          `(above ${Thresholds.saturationPercent} in ${r.over.length} minute(s) since ${windowMinutes} minutes before the alert fired)`,
      )
      .join('; '),
    evidence: distinctRefs(
      hot.flatMap((r) => r.over.map((m) => m.peakRef)),
      Thresholds.evidencePerCause,
    ),
  };
}

function peakText(minute: MinuteMean): string {
  return `${shortNumber(minute.mean)} % in the minute from ${clockTime(minute.minuteMs)}`;
}
