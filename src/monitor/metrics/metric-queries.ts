import { Buffer } from 'node:buffer';
import type { EventStore, ProjectionRunner } from '../../events/index.js';
import { floorToMinute, metricNameProblem } from '../ingest/index.js';
import type { LabelMatcher } from './label-matchers.js';
import { MetricTables } from './metric-projection.js';
import { MetricQueryError } from './metric-query-error.js';

/** One series as listed: its key, name, labels and latest sample. */
export interface SeriesView {
  key: string;
  name: string;
  labels: Record<string, string>;
  lastValue: number;
  /** ISO time of the latest sample. */
  lastAt: string;
}

/** How the samples of one step become the point's `value`. */
export const METRIC_AGGREGATES = ['mean', 'min', 'max', 'sum', 'count', 'last'] as const;
export type MetricAggregate = (typeof METRIC_AGGREGATES)[number];

/** One step of one series: `value` is the chosen aggregate; count, min and max always come along. */
export interface MetricPoint {
  /** ISO start of the step. */
  t: string;
  value: number;
  count: number;
  min: number;
  max: number;
}

/** A series and its points, oldest first (steps without samples are left out). */
export interface SeriesPoints {
  key: string;
  name: string;
  labels: Record<string, string>;
  points: MetricPoint[];
}

/** What `points` reads: one metric name, optional label matchers, a time range and a step. */
export interface PointsQuery {
  name: string;
  matchers: ReadonlyArray<LabelMatcher>;
  /** Epoch ms, inclusive (the minute holding it is included). */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  stepMinutes: number;
  aggregate: MetricAggregate;
}

/** A query may return at most this many series; more must be narrowed with label matchers. */
export const MAX_SERIES_PER_QUERY = 100;
/** A series may have at most this many steps in one query (Prometheus' limit too). */
export const MAX_POINTS_PER_SERIES = 11_000;
const MINUTE_MS = 60_000;

interface SeriesRow {
  series_key: string;
  name: string;
  labels: string;
  last_at: number | string;
  last_value: number | string;
}

interface StepRow {
  bucket: number | string;
  n: number | string;
  total: number | string;
  low: number | string;
  high: number | string;
  last: number | string;
}

/** Reads the metric read models: series lists and points per step merged from the minute rollups. */
export class MetricQueries {
  constructor(
    private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
  ) {}

  /** The names that have recorded series (alert rules may only name these, or a standard metric). */
  async seriesNames(): Promise<string[]> {
    const rows = await this.store.query<{ name: string }>(
      `SELECT DISTINCT name FROM ${this.runner.table(MetricTables.series)} ORDER BY name`,
    );
    return rows.map((r) => r.name);
  }

  /** Series filtered by name and label matchers, in key order, a page at a time (`after` is `next`). */
  async listSeries(options: {
    name?: string;
    matchers?: ReadonlyArray<LabelMatcher>;
    after?: string;
    limit: number;
  }): Promise<{ items: SeriesView[]; next: string | null }> {
    if (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > 1000) {
      throw new MetricQueryError('limit', `limit must be an integer from 1 to 1000, got ${options.limit}`);
    }
    if (options.name !== undefined) checkName(options.name);
    const params: unknown[] = [];
    const where = this.seriesFilter(params, options.name, options.matchers ?? []);
    if (options.after !== undefined)
      where.push(`s.series_key > $${params.push(decodeSeriesCursor(options.after))}`);
    const rows = await this.store.query<SeriesRow>(
      `SELECT s.series_key, s.name, s.labels, s.last_at, s.last_value FROM ${this.runner.table(MetricTables.series)} s
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.series_key LIMIT $${params.push(options.limit + 1)}`,
      params,
    );
    const items = rows.slice(0, options.limit).map((row) => ({
      key: row.series_key,
      name: row.name,
      labels: JSON.parse(row.labels) as Record<string, string>,
      lastValue: Number(row.last_value),
      lastAt: new Date(Number(row.last_at)).toISOString(),
    }));
    const last = items[items.length - 1];
    return { items, next: rows.length > options.limit && last ? encodeSeriesCursor(last.key) : null };
  }

  /**
   * Points per step of every series with that name matching the matchers and holding samples in the
   * range. Steps start at multiples of `stepMinutes` since the epoch (so they line up across queries).
   * Throws MetricQueryError for a bad parameter, or TOO_MANY_SERIES beyond 100 series.
   */
  async points(query: PointsQuery): Promise<{ series: SeriesPoints[] }> {
    checkName(query.name);
    const { from, to, stepMinutes } = query;
    if (!Number.isFinite(from)) throw new MetricQueryError('from', `from must be a time, got ${from}`);
    if (!Number.isFinite(to)) throw new MetricQueryError('to', `to must be a time, got ${to}`);
    if (from >= to) throw new MetricQueryError('from', 'from must be before to');
    if (!Number.isInteger(stepMinutes) || stepMinutes < 1 || stepMinutes > 1440) {
      throw new MetricQueryError(
        'stepMinutes',
        `stepMinutes must be an integer from 1 to 1440, got ${stepMinutes}`,
      );
    }
    if (!(METRIC_AGGREGATES as readonly string[]).includes(query.aggregate)) {
      throw new MetricQueryError(
        'aggregate',
        `aggregate must be one of ${METRIC_AGGREGATES.join(', ')}, got ${JSON.stringify(query.aggregate)}`,
      );
    }
    const step = stepMinutes * MINUTE_MS;
    const start = floorToMinute(from);
    const steps = Math.floor((to - 1) / step) - Math.floor(start / step) + 1;
    if (steps > MAX_POINTS_PER_SERIES) {
      throw new MetricQueryError(
        'stepMinutes',
        `from..to at stepMinutes=${stepMinutes} is ${steps} steps, more than ${MAX_POINTS_PER_SERIES}: use a larger stepMinutes or a shorter range`,
      );
    }

    const params: unknown[] = [];
    const where = this.seriesFilter(params, query.name, query.matchers);
    where.push(`s.last_at >= $${params.push(start)}`, `s.first_at < $${params.push(to)}`);
    const found = await this.store.query<SeriesRow>(
      `SELECT s.series_key, s.name, s.labels, s.last_at, s.last_value FROM ${this.runner.table(MetricTables.series)} s
       WHERE ${where.join(' AND ')} ORDER BY s.series_key LIMIT $${params.push(MAX_SERIES_PER_QUERY + 1)}`,
      params,
    );
    if (found.length > MAX_SERIES_PER_QUERY) {
      throw new MetricQueryError(
        'label',
        `more than ${MAX_SERIES_PER_QUERY} series of ${query.name} match; add label matchers (label=key=value) to narrow the query`,
        'TOO_MANY_SERIES',
      );
    }
    const series: SeriesPoints[] = [];
    for (const row of found) {
      series.push({
        key: row.series_key,
        name: row.name,
        labels: JSON.parse(row.labels) as Record<string, string>,
        points: await this.steps(row.series_key, start, to, step, query.aggregate),
      });
    }
    return { series };
  }

  /**
   * One series' steps, summed by the database. The last value of a step is the last value of its latest
   * minute: a minute's samples all lie within that minute, so the latest minute holds the latest sample.
   */
  private async steps(
    key: string,
    from: number,
    to: number,
    step: number,
    aggregate: MetricAggregate,
  ): Promise<MetricPoint[]> {
    const minutes = this.runner.table(MetricTables.minutes);
    const rows = await this.store.query<StepRow>(
      `SELECT g.bucket, g.n, g.total, g.low, g.high, m.value_last AS last
       FROM (SELECT minute / CAST($2 AS BIGINT) AS bucket, sum(sample_count) AS n, sum(value_sum) AS total,
               min(value_min) AS low, max(value_max) AS high, max(minute) AS last_minute
             FROM ${minutes} WHERE series_key = $1 AND minute >= $3 AND minute < $4 GROUP BY 1) g
       JOIN ${minutes} m ON m.series_key = $1 AND m.minute = g.last_minute
       ORDER BY g.bucket`,
      [key, step, from, to],
    );
    return rows.map((row) => {
      const count = Number(row.n);
      const total = Number(row.total);
      const min = Number(row.low);
      const max = Number(row.high);
      const values: Record<MetricAggregate, number> = {
        mean: total / count,
        min,
        max,
        sum: total,
        count,
        last: Number(row.last),
      };
      return {
        t: new Date(Number(row.bucket) * step).toISOString(),
        value: values[aggregate],
        count,
        min,
        max,
      };
    });
  }

  /** WHERE terms (on alias `s`) for a name and label matchers; pushes their parameters. */
  private seriesFilter(
    params: unknown[],
    name: string | undefined,
    matchers: ReadonlyArray<LabelMatcher>,
  ): string[] {
    const labels = this.runner.table(MetricTables.labels);
    const where: string[] = [];
    if (name !== undefined) where.push(`s.name = $${params.push(name)}`);
    for (const { label, value } of matchers) {
      where.push(
        `s.series_key IN (SELECT series_key FROM ${labels} WHERE label = $${params.push(label)} AND value = $${params.push(value)})`,
      );
    }
    return where;
  }
}

/** The opaque cursor of a series list page (base64url of the last key). */
export function encodeSeriesCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

/** The series key in a cursor; throws MetricQueryError naming `after` when it is not one. */
export function decodeSeriesCursor(cursor: string): string {
  const key = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (key === '' || encodeSeriesCursor(key) !== cursor) {
    throw new MetricQueryError('after', 'after must be the `next` cursor of a previous page');
  }
  return key;
}

function checkName(name: string): void {
  const problem = metricNameProblem(name);
  if (problem) throw new MetricQueryError('name', `name ${problem}`);
}
