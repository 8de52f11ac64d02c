import type { Projection, ProjectionTables, RecordedEvent, SqlTransaction } from '../../events/index.js';
import type { Clock } from '../../kernel/index.js';
import { floorToMinute, MinuteRollup, seriesKey } from '../ingest/index.js';
import { MetricEvents } from './metric-events.js';
import { recordedSamples } from './recorded-samples.js';

/** Logical tables of the metric read models (physical names are versioned by the ProjectionRunner). */
export const MetricTables = {
  series: 'metric_series',
  minutes: 'metric_minutes',
  labels: 'metric_labels',
} as const;

/** What the projection needs to leave out samples the retention policy would delete anyway. */
export interface MetricProjectionOptions {
  clock: Clock;
  retentionDays: number;
}

interface SeriesAccumulator {
  name: string;
  labels: Record<string, string>;
  firstAt: number;
  lastAt: number;
  lastValue: number;
  minutes: Map<number, MinuteRollup>;
}

const DAY_MS = 86_400_000;
/** Rows per multi-row statement: 500 × 8 columns stays far below SQLite's and PostgreSQL's parameter caps. */
const ROWS_PER_STATEMENT = 500;

/**
 * The metric read models, built from `metric.samples_recorded` by one durable consumer:
 * - `metric_series`: one row per series (name + labels) with its first and last sample;
 * - `metric_minutes`: per series and minute, count, sum, min, max and the last value (by timestamp);
 * - `metric_labels`: label → value → series, the index that label matchers search.
 * A batch of events touches each series row and each minute row once: samples are rolled up in memory
 * and merged into the stored rows by upserts. Samples already past retention are not projected (a
 * rebuild from an old log stays small).
 */
export function metricProjection(options: MetricProjectionOptions): Projection {
  return {
    name: 'metric_read_models',
    version: 1,
    tables: Object.values(MetricTables),
    eventTypePrefixes: [MetricEvents.samplesRecorded],
    async setup(tx: SqlTransaction, t: ProjectionTables) {
      const series = t.table(MetricTables.series);
      const minutes = t.table(MetricTables.minutes);
      const labels = t.table(MetricTables.labels);
      await tx.execute(`CREATE TABLE ${series} (
        series_key TEXT PRIMARY KEY, name TEXT NOT NULL, labels TEXT NOT NULL, first_at BIGINT NOT NULL,
        last_at BIGINT NOT NULL, last_value DOUBLE PRECISION NOT NULL)`);
      await tx.execute(`CREATE INDEX ${series}_name ON ${series} (name, series_key)`);
      await tx.execute(`CREATE INDEX ${series}_last_at ON ${series} (last_at)`);
      await tx.execute(`CREATE TABLE ${minutes} (
        series_key TEXT NOT NULL, minute BIGINT NOT NULL, sample_count BIGINT NOT NULL,
        value_sum DOUBLE PRECISION NOT NULL, value_min DOUBLE PRECISION NOT NULL,
        value_max DOUBLE PRECISION NOT NULL, value_last DOUBLE PRECISION NOT NULL, last_ts BIGINT NOT NULL,
        PRIMARY KEY (series_key, minute))`);
      await tx.execute(`CREATE INDEX ${minutes}_minute ON ${minutes} (minute)`);
      await tx.execute(`CREATE TABLE ${labels} (
        label TEXT NOT NULL, value TEXT NOT NULL, series_key TEXT NOT NULL, PRIMARY KEY (label, value, series_key))`);
    },
    async apply(events: ReadonlyArray<RecordedEvent>, tx: SqlTransaction, t: ProjectionTables) {
      const cutoff = floorToMinute(options.clock.now() - options.retentionDays * DAY_MS);
      const bySeries = new Map<string, SeriesAccumulator>();
      for (const event of events) {
        if (event.type !== MetricEvents.samplesRecorded) continue;
        for (const sample of recordedSamples(event.data)) {
          if (sample.timestamp < cutoff) continue;
          accumulate(bySeries, sample.name, sample.labels, sample.value, sample.timestamp);
        }
      }
      if (bySeries.size === 0) return;
      await mergeSeries(tx, t.table(MetricTables.series), bySeries);
      await insertLabels(tx, t.table(MetricTables.labels), bySeries);
      await mergeMinutes(tx, t.table(MetricTables.minutes), bySeries);
    },
  };
}

function accumulate(
  bySeries: Map<string, SeriesAccumulator>,
  name: string,
  labels: Record<string, string>,
  value: number,
  timestamp: number,
): void {
  const key = seriesKey(name, labels);
  let series = bySeries.get(key);
  if (!series) {
    series = { name, labels, firstAt: timestamp, lastAt: timestamp, lastValue: value, minutes: new Map() };
    bySeries.set(key, series);
  } else {
    if (timestamp < series.firstAt) series.firstAt = timestamp;
    if (timestamp >= series.lastAt) {
      series.lastAt = timestamp;
      series.lastValue = value;
    }
  }
  const minute = floorToMinute(timestamp);
  const rollup = series.minutes.get(minute);
  if (rollup) rollup.add(value, timestamp);
  else series.minutes.set(minute, new MinuteRollup(value, timestamp));
}

/** Runs one multi-row INSERT per chunk of rows; `head` ends with VALUES, `tail` is the conflict clause. */
async function insertRows(
  tx: SqlTransaction,
  head: string,
  tail: string,
  rows: ReadonlyArray<ReadonlyArray<unknown>>,
): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => `(${row.map((value) => `$${params.push(value)}`).join(', ')})`);
    await tx.execute(`${head} ${tuples.join(', ')} ${tail}`, params);
  }
}

async function mergeSeries(
  tx: SqlTransaction,
  table: string,
  bySeries: Map<string, SeriesAccumulator>,
): Promise<void> {
  const rows = [...bySeries].map(([key, s]) => [
    key,
    s.name,
    JSON.stringify(sortedLabels(s.labels)),
    s.firstAt,
    s.lastAt,
    s.lastValue,
  ]);
  // Every SET expression reads the stored row as it was before the statement, so the order is free.
  await insertRows(
    tx,
    `INSERT INTO ${table} (series_key, name, labels, first_at, last_at, last_value) VALUES`,
    `ON CONFLICT (series_key) DO UPDATE SET
       first_at = CASE WHEN excluded.first_at < ${table}.first_at THEN excluded.first_at ELSE ${table}.first_at END,
       last_value = CASE WHEN excluded.last_at >= ${table}.last_at THEN excluded.last_value ELSE ${table}.last_value END,
       last_at = CASE WHEN excluded.last_at > ${table}.last_at THEN excluded.last_at ELSE ${table}.last_at END`,
    rows,
  );
}

/** Label rows of every series in the batch (not only new ones: retention may have removed a series' rows). */
async function insertLabels(
  tx: SqlTransaction,
  table: string,
  bySeries: Map<string, SeriesAccumulator>,
): Promise<void> {
  const rows: unknown[][] = [];
  for (const [key, s] of bySeries) {
    for (const [label, value] of Object.entries(s.labels)) if (value !== '') rows.push([label, value, key]);
  }
  await insertRows(
    tx,
    `INSERT INTO ${table} (label, value, series_key) VALUES`,
    'ON CONFLICT DO NOTHING',
    rows,
  );
}

async function mergeMinutes(
  tx: SqlTransaction,
  table: string,
  bySeries: Map<string, SeriesAccumulator>,
): Promise<void> {
  const rows: unknown[][] = [];
  for (const [key, s] of bySeries) {
    for (const [minute, r] of s.minutes)
      rows.push([key, minute, r.count, r.sum, r.min, r.max, r.last, r.lastTimestamp]);
  }
  await insertRows(
    tx,
    `INSERT INTO ${table} (series_key, minute, sample_count, value_sum, value_min, value_max, value_last, last_ts) VALUES`,
    `ON CONFLICT (series_key, minute) DO UPDATE SET
       sample_count = ${table}.sample_count + excluded.sample_count,
       value_sum = ${table}.value_sum + excluded.value_sum,
       value_min = CASE WHEN excluded.value_min < ${table}.value_min THEN excluded.value_min ELSE ${table}.value_min END,
       value_max = CASE WHEN excluded.value_max > ${table}.value_max THEN excluded.value_max ELSE ${table}.value_max END,
       value_last = CASE WHEN excluded.last_ts >= ${table}.last_ts THEN excluded.value_last ELSE ${table}.value_last END,
       last_ts = CASE WHEN excluded.last_ts > ${table}.last_ts THEN excluded.last_ts ELSE ${table}.last_ts END`,
    rows,
  );
}

/** Labels in code-unit order with empty values left out, as in the series key. */
function sortedLabels(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const label of Object.keys(labels).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (labels[label] !== '') out[label] = labels[label]!;
  }
  return out;
}
