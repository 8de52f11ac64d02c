/**
 * The evaluation workload: `metrics` metric names × `labelSets` label sets = the series (10 × 1,000
 * = 10,000), and `rules` threshold rules over them (1,000). Label set i is
 * `{host: h<i>, shard: s<i % 100>, zone: z<i % 10>}`. Nine in ten rules select one metric and one
 * shard (10 series each); the last tenth select one metric and one zone (100 series each). With
 * 1,000 rules every series is matched by one zone rule, and the series of shards 0–89 by one shard
 * rule too: 1.9 rules per series on average. Values stay below every threshold (0–80 against
 * > 90), so the rules evaluate without firing: what is measured is evaluation, not notification.
 * Rules keep the document defaults (aggregate `last`, window 1m). The probe rules, on metrics of
 * their own, are what the latency measurements make fire.
 */
import type { Settings } from './settings.js';

export interface BenchSample {
  name: string;
  value: number;
  labels: Record<string, string>;
  timestamp: number;
}

/** A rule document, as `alerts.rule_created` carries it (see docs/alert-rules.md). */
export interface RuleDoc {
  name: string;
  severity: 'info' | 'warning' | 'error' | 'critical';
  for: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  condition: {
    kind: 'threshold';
    series: string;
    matchers: string[];
    aggregate: 'last';
    op: '>';
    threshold: number;
  };
}

/** The rules the latency measurements use, beside the workload's threshold rules. */
export const PROBE_RULES = {
  /** Grouping-to-notification: `for: 0s`, routed to the grouping receiver. */
  grouping: 'BenchGrouping',
  /** Fan-out: `for: 0s`, routed to every fan-out receiver. */
  fanout: 'BenchFanout',
  /** Fire latency: `for` as set; no route takes it (the root route has no receivers). */
  fire: 'BenchFire',
} as const;

export type ProbeRule = keyof typeof PROBE_RULES;

/** The metric each probe rule watches (one series per probe, by its labels). */
export const PROBE_METRIC: Record<ProbeRule, string> = {
  grouping: 'bench_probe_grouping',
  fanout: 'bench_probe_fanout',
  fire: 'bench_probe_fire',
};

export const THRESHOLD = 90;
const SHARDS = 100;
const ZONES = 10;

export function metricName(index: number): string {
  return `bench_metric_${index}`;
}

/** The label sets of one metric (shared objects: samples of a series reuse its labels). */
export function labelSets(settings: Settings): Array<Record<string, string>> {
  return Array.from({ length: settings.labelSets }, (_, i) => ({
    host: `h${i}`,
    shard: `s${i % SHARDS}`,
    zone: `z${i % ZONES}`,
  }));
}

/** The `rules` threshold rules (see the header for what each selects). */
export function thresholdRules(settings: Settings): RuleDoc[] {
  const { rules, metrics } = settings;
  const zoneRules = Math.floor(rules / 10);
  const shardRules = rules - zoneRules;
  const docs: RuleDoc[] = [];
  for (let k = 0; k < rules; k++) {
    const metric = k % metrics;
    const matcher =
      k < shardRules
        ? `shard="s${Math.floor(k / metrics) % SHARDS}"`
        : `zone="z${Math.floor((k - shardRules) / metrics) % ZONES}"`;
    docs.push({
      name: `bench_rule_${k}`,
      severity: 'warning',
      for: '0s',
      condition: {
        kind: 'threshold',
        series: metricName(metric),
        matchers: [matcher],
        aggregate: 'last',
        op: '>',
        threshold: THRESHOLD,
      },
    });
  }
  return docs;
}

/**
 * Sweeps over every series (metric by metric, label set by label set), one sample per series and
 * sweep, all of a sweep at `timestampOf(sweep)`; values 0–80, different each sweep.
 */
export function* sweepSamples(
  settings: Settings,
  count: number,
  timestampOf: (sweep: number) => number,
): Generator<BenchSample> {
  const sets = labelSets(settings);
  const perSweep = settings.metrics * sets.length;
  for (let n = 0; n < count; n++) {
    const sweep = Math.floor(n / perSweep);
    const inSweep = n % perSweep;
    const metric = Math.floor(inSweep / sets.length);
    const set = inSweep % sets.length;
    yield {
      name: metricName(metric),
      value: (set * 7 + sweep * 13 + metric) % 81,
      labels: sets[set]!,
      timestamp: timestampOf(sweep),
    };
  }
}

/** Splits `samples` into arrays of `size`. */
export function* chunks<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}
