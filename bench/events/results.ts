import { medianOf } from '../lib/interleave.js';
import { type BenchResult, compare } from '../lib/result.js';
import type { Targets } from './settings.js';
import { eventsPerSecond, type LatencySample, type ReadSample, type ThroughputSample } from './workloads.js';

/** Each contender's samples for each metric, by contender name; a failed round is null. */
export interface BackendSamples {
  single: Map<string, Array<ThroughputSample | null>>;
  batch: Map<string, Array<ThroughputSample | null>>;
  concurrent: Map<string, Array<ThroughputSample | null>>;
  reads: Map<string, Array<ReadSample | null>>;
  latency: Map<string, Array<LatencySample | null>>;
}

/** Turns a backend's samples into result lines: medians, ratios and the targets. */
export function backendResults(
  samples: BackendSamples,
  names: { vigia: string; anchor: string },
  targets: Targets,
): BenchResult[] {
  // A side with a failed round has no value for that metric.
  const medians = <T>(byName: Map<string, Array<T | null>>, pick: (sample: T) => number) => {
    const of = (name: string) => {
      const list = byName.get(name);
      if (!list || list.length === 0 || list.some((s) => s === null)) return null;
      return medianOf(list as T[], pick);
    };
    return { vigia: of(names.vigia), anchorValue: of(names.anchor), anchor: names.anchor };
  };
  const throughput = { unit: 'events/s', better: 'higher', targetRatio: targets.throughputRatio } as const;
  const withTarget = (target: number | undefined) => (target === undefined ? {} : { target });
  return [
    compare({
      metric: 'append_single_events_per_s',
      ...throughput,
      ...medians(samples.single, eventsPerSecond),
      ...withTarget(targets.appendSingle),
    }),
    compare({
      metric: 'append_batch_events_per_s',
      ...throughput,
      ...medians(samples.batch, eventsPerSecond),
      ...withTarget(targets.appendBatch),
    }),
    compare({
      metric: 'append_concurrent_16_writers_events_per_s',
      ...throughput,
      ...medians(samples.concurrent, eventsPerSecond),
    }),
    compare({ metric: 'read_all_events_per_s', ...throughput, ...medians(samples.reads, eventsPerSecond) }),
    compare({
      metric: 'projection_latency_p50_ms',
      unit: 'ms',
      better: 'lower',
      ...medians(samples.latency, (s) => s.p50),
    }),
    compare({
      metric: 'projection_latency_p99_ms',
      unit: 'ms',
      better: 'lower',
      ...medians(samples.latency, (s) => s.p99),
      target: targets.latencyP99Ms,
    }),
    compare({
      metric: 'read_all_rss_growth_mb',
      unit: 'MB',
      better: 'lower',
      ...medians(samples.reads, (s) => s.rssPeakMb - s.rssBeforeMb),
    }),
  ];
}

/** One line of progress for a sample. */
export function describeSample(sample: unknown): string {
  if (sample === null || typeof sample !== 'object') return 'failed';
  const s = sample as Partial<ReadSample & LatencySample>;
  if (s.p50 !== undefined)
    return `p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99?.toFixed(2)} ms (${s.handled}/${s.sent})`;
  const parts = [
    `${Math.round(eventsPerSecond(sample as ThroughputSample)).toLocaleString('en-US')} events/s`,
  ];
  if (s.rssPeakMb !== undefined && s.rssBeforeMb !== undefined && s.rssWarmMb !== undefined) {
    parts.push(
      `${s.events?.toLocaleString('en-US')} events${s.complete ? '' : ' (stopped at the time limit)'}`,
      `RSS +${(s.rssPeakMb - s.rssBeforeMb).toFixed(1)} MB from ${s.rssBeforeMb.toFixed(0)} MB` +
        ` (+${(s.rssPeakMb - s.rssWarmMb).toFixed(1)} MB after the first 10,000 events)`,
      `heap ${s.heapPeakMb?.toFixed(0)} MB at most, ${formatSigned(s.heapRetainedMb)} MB retained after GC`,
    );
  }
  return parts.join(', ');
}

function formatSigned(value: number | null | undefined): string {
  if (value === null || value === undefined) return '?';
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;
}
