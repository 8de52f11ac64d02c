export { type LabelMatcher, parseLabelMatchers } from './label-matchers.js';
export { MetricEvents, type MetricSource, metricStream, type SamplesRecordedData } from './metric-events.js';
export { type MetricProjectionOptions, MetricTables, metricProjection } from './metric-projection.js';
export {
  decodeSeriesCursor,
  encodeSeriesCursor,
  MAX_POINTS_PER_SERIES,
  MAX_SERIES_PER_QUERY,
  METRIC_AGGREGATES,
  type MetricAggregate,
  type MetricPoint,
  MetricQueries,
  type PointsQuery,
  type SeriesPoints,
  type SeriesView,
} from './metric-queries.js';
export { MetricQueryError } from './metric-query-error.js';
export { MetricRetention, type MetricRetentionOptions, type RetentionOutcome } from './metric-retention.js';
export {
  DEFAULT_METRIC_RETENTION_DAYS,
  MetricsService,
  type MetricsServiceOptions,
} from './metrics-service.js';
export { chunkSamples, MetricsWriter, type MetricsWriterOptions } from './metrics-writer.js';
