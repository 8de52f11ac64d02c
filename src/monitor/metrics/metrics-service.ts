import { type ConsumerStatus, type EventStore, ProjectionRunner } from '../../events/index.js';
import type { Clock, Logger } from '../../kernel/index.js';
import type { MetricSample } from '../ingest/index.js';
import type { MetricSource } from './metric-events.js';
import { metricProjection } from './metric-projection.js';
import { MetricQueries } from './metric-queries.js';
import { MetricRetention, type RetentionOutcome } from './metric-retention.js';
import { MetricsWriter } from './metrics-writer.js';

/** Settings of the metrics service. */
export interface MetricsServiceOptions {
  store: EventStore;
  clock: Clock;
  logger: Logger;
  /** Minute rollups are kept this many days (1–3650). Default 30. */
  retentionDays?: number;
  /** Samples are appended at least this often (ms). Default 250. */
  flushIntervalMs?: number;
  /** …or as soon as this many wait. Default 10,000. */
  maxBatchSamples?: number;
  /** How often retention runs (ms). Default one hour. */
  retentionIntervalMs?: number;
}

/** Default retention of the metric read models, in days. */
export const DEFAULT_METRIC_RETENTION_DAYS = 30;

/**
 * Pushed and scraped metrics: writes samples as `metric.samples_recorded` events in batches, keeps the
 * series and minute read models with a durable consumer, answers queries, and applies retention.
 */
export class MetricsService {
  private readonly writer: MetricsWriter;
  private readonly runner: ProjectionRunner;
  private readonly retention: MetricRetention;
  readonly queries: MetricQueries;

  constructor(private readonly options: MetricsServiceOptions) {
    const { store, clock, logger } = options;
    const retentionDays = options.retentionDays ?? DEFAULT_METRIC_RETENTION_DAYS;
    if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 3650) {
      throw new RangeError(`metrics retentionDays must be an integer from 1 to 3650, got ${retentionDays}`);
    }
    // Events hold up to 1,000 samples each: smaller batches than the default keep one transaction modest.
    this.runner = new ProjectionRunner(store, metricProjection({ clock, retentionDays }), {
      clock,
      logger,
      batchSize: 100,
    });
    this.queries = new MetricQueries(store, this.runner);
    this.writer = new MetricsWriter({
      store,
      clock,
      logger,
      flushIntervalMs: options.flushIntervalMs,
      maxBatchSamples: options.maxBatchSamples,
    });
    this.retention = new MetricRetention({
      store,
      runner: this.runner,
      clock,
      logger,
      retentionDays,
      intervalMs: options.retentionIntervalMs,
    });
  }

  /** Name of the read-model consumer (readiness watches it through `status`). */
  readonly name = 'metric_read_models';

  /** Whether the read-model consumer runs. */
  get status(): ConsumerStatus {
    return this.runner.status;
  }

  /** Resumes (or first builds) the read models from their checkpoint and starts retention. */
  async start(): Promise<void> {
    await this.runner.start();
    this.retention.start();
  }

  /** Queues samples; resolves once they are durable, rejects when their append fails or after stop. */
  record(samples: ReadonlyArray<MetricSample>, source: MetricSource): Promise<void> {
    return this.writer.record(samples, source);
  }

  /** Records a scrape's samples without waiting (the `onSamples` hook of MonitorService); failures are logged. */
  recordScrape(samples: ReadonlyArray<MetricSample>, monitorId: string): void {
    this.writer.record(samples, { type: 'scrape', monitorId }).catch((error) => {
      this.options.logger.warn(
        { err: error, monitorId, samples: samples.length },
        'scraped samples were lost',
      );
    });
  }

  /** Applies retention now (tests; it also runs hourly on its own). */
  applyRetention(): Promise<RetentionOutcome | undefined> {
    return this.retention.runOnce();
  }

  /** Writes queued samples, then stops retention and the read models. */
  async stop(): Promise<void> {
    await this.writer.close();
    await this.retention.stop();
    await this.runner.stop();
  }

  /** Waits until every sample recorded so far is in the read models (tests, benchmarks). */
  async settle(): Promise<void> {
    await this.writer.flush();
    await this.runner.waitUntilCaughtUp();
  }
}
