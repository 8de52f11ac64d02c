import type { MetricSample } from '../ingest/index.js';

/** The metrics part of the monitor module's event contract (payload schema version 1). */
export const MetricEvents = {
  samplesRecorded: 'metric.samples_recorded',
} as const;

/** Where samples came from: pushed to `POST /api/metrics`, or scraped by a `prometheus` monitor. */
export type MetricSource = { type: 'push'; actorId?: string } | { type: 'scrape'; monitorId: string };

/** Payload of `metric.samples_recorded`: timestamps are epoch milliseconds. */
export interface SamplesRecordedData {
  source: 'push' | 'scrape';
  /** The scraping monitor (scrapes only). */
  monitorId?: string;
  samples: MetricSample[];
}

/** Stream of a source's samples: `metrics-push-<actor id or anonymous>` or `metrics-scrape-<monitor id>`. */
export function metricStream(source: MetricSource): string {
  return source.type === 'push'
    ? `metrics-push-${source.actorId ?? 'anonymous'}`
    : `metrics-scrape-${source.monitorId}`;
}
