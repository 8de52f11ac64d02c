import { labelNameProblem, labelValueProblem, SERIES_LIMITS } from '../ingest/index.js';
import { MetricQueryError } from './metric-query-error.js';

/** Selects series whose label `label` equals `value`. */
export interface LabelMatcher {
  label: string;
  value: string;
}

/**
 * Parses `key=value` matchers (the repeatable `label` query parameter); the value is everything after
 * the first `=`, so it may hold `=` itself. Throws MetricQueryError naming `label`.
 */
export function parseLabelMatchers(values: ReadonlyArray<string>): LabelMatcher[] {
  if (values.length > SERIES_LIMITS.maxLabels) {
    throw new MetricQueryError(
      'label',
      `label: at most ${SERIES_LIMITS.maxLabels} matchers, got ${values.length}`,
    );
  }
  const seen = new Set<string>();
  return values.map((text) => {
    const equals = text.indexOf('=');
    if (equals === -1) {
      throw new MetricQueryError(
        'label',
        `label: expected key=value, got ${JSON.stringify(text.slice(0, 60))}`,
      );
    }
    const label = text.slice(0, equals);
    const value = text.slice(equals + 1);
    const nameProblem = labelNameProblem(label);
    if (nameProblem) throw new MetricQueryError('label', `label: ${nameProblem}`);
    if (value === '') throw new MetricQueryError('label', `label: ${label}= needs a value (key=value)`);
    const valueProblem = labelValueProblem(value);
    if (valueProblem) throw new MetricQueryError('label', `label: value of ${label} ${valueProblem}`);
    if (seen.has(label)) throw new MetricQueryError('label', `label: ${label} is matched twice`);
    seen.add(label);
    return { label, value };
  });
}
