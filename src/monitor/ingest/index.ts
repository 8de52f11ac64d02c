export {
  LATENCY_RELATIVE_ERROR,
  LatencyHistogram,
  type LatencyHistogramJson,
} from './latency-histogram.js';
export {
  DEFAULT_PUSH_LIMITS,
  labelCountProblem,
  labelNameProblem,
  labelValueProblem,
  type MetricSample,
  metricNameProblem,
  type PushBodyError,
  type PushLimits,
  type PushValidation,
  SERIES_LIMITS,
  validatePushedSamples,
} from './metric-sample.js';
export {
  floorToMinute,
  MinuteRollup,
  type MinuteRollupSnapshot,
  rollupSamples,
  seriesKey,
} from './minute-rollup.js';
export {
  PROMETHEUS_TEXT_LIMITS,
  type PrometheusParseResult,
  parsePrometheusText,
} from './prometheus-text.js';
export {
  isStandardMetricName,
  type MetricUnit,
  STANDARD_METRICS,
  type StandardMetric,
  type StandardMetricName,
  standardMetricRangeProblem,
} from './standard-metrics.js';
export {
  combineMinuteStatusCounts,
  type MinuteStatusCounts,
  type StatusCounts,
  type TimeWindow,
  uptimePercent,
} from './uptime.js';
