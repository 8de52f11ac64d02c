/** The unit a standard metric is expressed in. */
export type MetricUnit = 'percent' | 'milliseconds' | 'per_second' | 'ratio';

/** What a standard metric means and which values make sense for it. */
export interface StandardMetric {
  readonly description: string;
  readonly unit: MetricUnit;
  /** Inclusive lower bound. */
  readonly min: number;
  /** Inclusive upper bound; absent when the metric has none. */
  readonly max?: number;
}

/**
 * Names with a fixed meaning that dashboards and alerts rely on. Any other valid name is a custom
 * series with no range rule. `error_rate` is a 0..1 ratio (not a percent): Prometheus convention is
 * base units and ratios, and only names ending in `_percent` hold 0..100.
 */
export const STANDARD_METRICS = {
  cpu_percent: { description: 'CPU in use, percent of all cores', unit: 'percent', min: 0, max: 100 },
  memory_percent: { description: 'Memory in use, percent of the total', unit: 'percent', min: 0, max: 100 },
  response_time_ms: { description: 'Time to answer a request', unit: 'milliseconds', min: 0 },
  requests_per_second: { description: 'Requests handled per second', unit: 'per_second', min: 0 },
  error_rate: { description: 'Share of requests that failed, 0..1', unit: 'ratio', min: 0, max: 1 },
} as const satisfies Record<string, StandardMetric>;

/** One of the standard metric names. */
export type StandardMetricName = keyof typeof STANDARD_METRICS;

/** Whether `name` is a standard metric (own keys only: `constructor` or `__proto__` are custom names). */
export function isStandardMetricName(name: string): name is StandardMetricName {
  return Object.hasOwn(STANDARD_METRICS, name);
}

/** Why `value` is out of range for the standard metric `name`; undefined when fine or when `name` is custom. */
export function standardMetricRangeProblem(name: string, value: number): string | undefined {
  if (!isStandardMetricName(name)) return undefined;
  const metric: StandardMetric = STANDARD_METRICS[name];
  const inRange = value >= metric.min && (metric.max === undefined || value <= metric.max);
  if (inRange) return undefined;
  const range =
    metric.max === undefined ? `at least ${metric.min}` : `between ${metric.min} and ${metric.max}`;
  return `${name} must be ${range} (${metric.unit}), got ${value}`;
}
