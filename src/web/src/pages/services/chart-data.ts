import type { ResolvedTimeRange } from '../../ui/time-range.js';
import { stepStarts } from '../../ui/time-range.js';

/** One step of `GET /api/monitors/{id}/latency`. */
export interface LatencyPoint {
  /** ISO start of the step. */
  minute: string;
  checks: number;
  up: number;
  degraded: number;
  down: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** One step of one series of `GET /api/metrics/query`. */
export interface MetricPoint {
  t: string;
  value: number;
}

/** Columns as uPlot takes them: x (seconds) first, then one array per series, null where there is no value. */
export type ChartColumns = [number[], ...Array<Array<number | null>>];

/** Places values at the steps of the range (in seconds), null for steps without one, so gaps stay gaps. */
export function alignToSteps<P>(
  range: ResolvedTimeRange,
  points: readonly P[],
  timeOf: (point: P) => string,
  values: ReadonlyArray<(point: P) => number | null>,
): ChartColumns {
  const starts = stepStarts(range);
  const index = new Map(starts.map((at, i) => [at, i]));
  const columns = values.map(() => starts.map((): number | null => null));
  for (const point of points) {
    const i = index.get(Date.parse(timeOf(point)));
    if (i === undefined) continue;
    values.forEach((value, s) => {
      columns[s]![i] = value(point);
    });
  }
  return [starts.map((at) => at / 1000), ...columns];
}

/** Latency p50 / p95 / p99 per step of the range. */
export function latencyColumns(range: ResolvedTimeRange, points: readonly LatencyPoint[]): ChartColumns {
  return alignToSteps(range, points, (p) => p.minute, [(p) => p.p50, (p) => p.p95, (p) => p.p99]);
}

/** A metric's values per step with a constant band (lower, upper) drawn under them. */
export function bandColumns(
  range: ResolvedTimeRange,
  points: readonly MetricPoint[],
  band: { lower: number; upper: number },
): ChartColumns {
  const [xs, values] = alignToSteps(range, points, (p) => p.t, [(p) => p.value]);
  return [xs, values!, xs.map(() => band.lower), xs.map(() => band.upper)];
}

/** The largest value of the columns after x (null when there is none), for a chart's text summary. */
export function largest(columns: ChartColumns, series: number): number | null {
  let max: number | null = null;
  for (const value of columns[series] ?? []) if (value !== null && (max === null || value > max)) max = value;
  return max;
}

/** Indexes of values with no value on either side: a line cannot show them, so they are drawn as dots. */
export function isolatedIndexes(values: ArrayLike<number | null | undefined>): number[] {
  const isolated: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if ((values[i] ?? null) === null) continue;
    if ((values[i - 1] ?? null) === null && (values[i + 1] ?? null) === null) isolated.push(i);
  }
  return isolated;
}

/** A CSS `rgb(r, g, b)` colour at `alpha` (canvas strokes cannot use CSS colour functions of the theme). */
export function withAlpha(color: string, alpha: number): string {
  const match = /rgba?\(\s*(\d+)[,\s]+(\d+)[,\s]+(\d+)/.exec(color);
  return match ? `rgba(${match[1]}, ${match[2]}, ${match[3]}, ${alpha})` : color;
}
