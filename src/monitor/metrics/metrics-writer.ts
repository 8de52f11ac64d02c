import type { EventStore, StreamAppend } from '../../events/index.js';
import { type Clock, type Logger, ShuttingDownError, type TimerHandle } from '../../kernel/index.js';
import type { MetricSample } from '../ingest/index.js';
import { MetricEvents, type MetricSource, metricStream, type SamplesRecordedData } from './metric-events.js';

/** Settings of a MetricsWriter. */
export interface MetricsWriterOptions {
  store: EventStore;
  clock: Clock;
  logger: Logger;
  /** Queued samples are appended at least this often (ms). Default 250. */
  flushIntervalMs?: number;
  /** …or as soon as this many are waiting. Default 10,000. */
  maxBatchSamples?: number;
}

/** At most this many samples per event… */
const MAX_SAMPLES_PER_EVENT = 1000;
/**
 * …and at most this estimated size, well under the store's 1 MiB default event limit. The estimate
 * counts 6 bytes per character (the worst case of JSON escaping), so it can only overestimate.
 */
const MAX_ESTIMATED_EVENT_BYTES = 512 * 1024;

interface QueuedStream {
  source: MetricSource;
  samples: MetricSample[];
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Appends metric samples in batches: every push and scrape queued within one interval shares one
 * append (one transaction). `record` resolves once the batch holding its samples is durable, so a
 * push is answered only after that, and rejects when that append fails.
 */
export class MetricsWriter {
  private pending = new Map<string, QueuedStream>();
  private waiters: Waiter[] = [];
  private queued = 0;
  private timer: TimerHandle | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly flushIntervalMs: number;
  private readonly maxBatchSamples: number;

  constructor(private readonly options: MetricsWriterOptions) {
    this.flushIntervalMs = options.flushIntervalMs ?? 250;
    this.maxBatchSamples = options.maxBatchSamples ?? 10_000;
  }

  /** Queues samples of one source; resolves when they are in the store (at once for none). */
  record(samples: ReadonlyArray<MetricSample>, source: MetricSource): Promise<void> {
    if (this.closed) return Promise.reject(new ShuttingDownError('metric samples'));
    if (samples.length === 0) return Promise.resolve();
    const streamId = metricStream(source);
    const queued = this.pending.get(streamId);
    if (queued) queued.samples.push(...samples);
    else this.pending.set(streamId, { source, samples: [...samples] });
    this.queued += samples.length;
    const written = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (this.queued >= this.maxBatchSamples) void this.flush();
    else this.timer ??= this.options.clock.setTimer(this.flushIntervalMs, () => void this.flush());
    return written;
  }

  /** Appends everything queued; resolves once it is written or has failed (failures reach the waiters). */
  async flush(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    const batch = [...this.pending.entries()];
    const waiters = this.waiters;
    this.pending = new Map();
    this.waiters = [];
    this.queued = 0;
    const previous = this.flushing;
    this.flushing = (async () => {
      await previous;
      if (batch.length === 0) return;
      try {
        await this.options.store.appendToStreams(
          batch.map(([streamId, queued]) => toAppend(streamId, queued)),
        );
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        const samples = batch.reduce((sum, [, queued]) => sum + queued.samples.length, 0);
        this.options.logger.error({ err: error, samples }, 'could not append metric samples');
        for (const waiter of waiters) waiter.reject(error);
      }
    })();
    await this.flushing;
  }

  /** Writes what is queued and refuses later samples (ShuttingDownError). */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }
}

function toAppend(streamId: string, queued: QueuedStream): StreamAppend {
  const base: Omit<SamplesRecordedData, 'samples'> =
    queued.source.type === 'scrape'
      ? { source: 'scrape', monitorId: queued.source.monitorId }
      : { source: 'push' };
  return {
    streamId,
    expectedVersion: 'any',
    events: chunkSamples(queued.samples).map((samples) => ({
      type: MetricEvents.samplesRecorded,
      data: { ...base, samples } satisfies SamplesRecordedData,
    })),
  };
}

/** Splits samples into event-sized chunks (by count and by estimated size). */
export function chunkSamples(samples: ReadonlyArray<MetricSample>): MetricSample[][] {
  const chunks: MetricSample[][] = [];
  let current: MetricSample[] = [];
  let bytes = 0;
  for (const sample of samples) {
    const size = estimatedBytes(sample);
    if (
      current.length > 0 &&
      (current.length >= MAX_SAMPLES_PER_EVENT || bytes + size > MAX_ESTIMATED_EVENT_BYTES)
    ) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(sample);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function estimatedBytes(sample: MetricSample): number {
  let characters = sample.name.length;
  for (const [label, value] of Object.entries(sample.labels)) characters += label.length + value.length;
  // Field names, quotes, the value and the timestamp take well under 120 bytes.
  return characters * 6 + 120;
}
