import { labelNameProblem, type MetricSample, metricNameProblem } from '../ingest/index.js';

/**
 * The well-formed samples of a `metric.samples_recorded` payload. The events API lets an admin append
 * any event, so the read model trusts nothing: a malformed sample is skipped rather than stopping the
 * projection on an event it could never apply.
 */
export function recordedSamples(data: unknown): MetricSample[] {
  if (!isObject(data) || !Array.isArray(data.samples)) return [];
  const samples: MetricSample[] = [];
  for (const raw of data.samples as unknown[]) {
    if (!isObject(raw)) continue;
    const { name, value, labels, timestamp } = raw;
    if (typeof name !== 'string' || metricNameProblem(name) !== undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp)) continue;
    if (!isObject(labels) || !wellFormedLabels(labels)) continue;
    samples.push({ name, value, labels: labels as Record<string, string>, timestamp });
  }
  return samples;
}

function wellFormedLabels(labels: Record<string, unknown>): boolean {
  return Object.entries(labels).every(
    ([label, value]) => typeof value === 'string' && labelNameProblem(label) === undefined,
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
