import { percentile } from '../lib/stats.js';
import { elapsedMs, nowNs, sleep } from '../lib/timing.js';
import {
  type BenchEventData,
  type BenchStore,
  benchEvent,
  benchEvents,
  type RunningProjection,
} from './bench-store.js';

/** How much a throughput round did. */
export interface ThroughputSample {
  events: number;
  ms: number;
}

/** Throughput in events per second. */
export function eventsPerSecond(sample: ThroughputSample): number {
  return (sample.events / sample.ms) * 1000;
}

let sequence = 0;

/** One event per appendToStream call, one call after the other, across `streams` streams. */
export async function appendSequential(
  store: BenchStore,
  durationMs: number,
  streams: number,
): Promise<ThroughputSample> {
  const start = nowNs();
  let events = 0;
  while (elapsedMs(start) < durationMs) {
    const n = sequence++;
    await store.append(`single-${n % streams}`, [benchEvent(n)]);
    events++;
  }
  return { events, ms: elapsedMs(start) };
}

/** `batchSize` events per appendToStream call, one call after the other, each to a new stream. */
export async function appendBatches(
  store: BenchStore,
  durationMs: number,
  batchSize: number,
): Promise<ThroughputSample> {
  const start = nowNs();
  let events = 0;
  while (elapsedMs(start) < durationMs) {
    const n = sequence;
    sequence += batchSize;
    await store.append(`batch-${n}`, benchEvents(n, batchSize));
    events += batchSize;
  }
  return { events, ms: elapsedMs(start) };
}

/** `writers` loops appending one event per call concurrently, each to its own stream. */
export async function appendConcurrent(
  store: BenchStore,
  durationMs: number,
  writers: number,
): Promise<ThroughputSample> {
  const start = nowNs();
  let events = 0;
  const writer = async (w: number) => {
    while (elapsedMs(start) < durationMs) {
      const n = sequence++;
      await store.append(`writer-${w}`, [benchEvent(n)]);
      events++;
    }
  };
  await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
  return { events, ms: elapsedMs(start) };
}

/**
 * Appends `total` events in batches of `batchSize`, a new stream per batch, from `writers`
 * concurrent loops: the log to read (setup, not a measurement).
 */
export async function fill(
  store: BenchStore,
  total: number,
  batchSize: number,
  writers: number,
): Promise<ThroughputSample> {
  const start = nowNs();
  let next = 0;
  const writer = async () => {
    while (next < total) {
      const first = next;
      const count = Math.min(batchSize, total - first);
      next += count;
      await store.append(`log-${first}`, benchEvents(first, count));
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
  return { events: total, ms: elapsedMs(start) };
}

export interface ReadSample extends ThroughputSample {
  /** False when the read was stopped at its time limit before the end of the log. */
  complete: boolean;
  /** Resident set size just before the read began. */
  rssBeforeMb: number;
  /** Resident set size after the first 10,000 events (JIT and heap warmed up). */
  rssWarmMb: number;
  /** Highest resident set size seen during the read (sampled every 1,000 events). */
  rssPeakMb: number;
  /** Highest V8 heap use seen during the read. */
  heapPeakMb: number;
  /** Heap in use after a full collection at the end minus the same at the start (when gc is exposed). */
  heapRetainedMb: number | null;
}

const MB = 1024 * 1024;

/**
 * Reads the global log from the start, sampling memory every 1,000 events, until its end or —
 * for stores whose reads slow down as the log grows — until `maxMs` has passed.
 */
export async function readLog(store: BenchStore, pageSize: number, maxMs: number): Promise<ReadSample> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage.rss();
  let rssWarm = rssBefore;
  let rssPeak = rssBefore;
  let heapPeak = process.memoryUsage().heapUsed;
  let checksum = 0;
  let seen = 0;
  let complete = true;
  const start = nowNs();
  const events = await store.readAll(pageSize, (data) => {
    // Touch the payload so the read cannot be cheaper than a real consumer's.
    checksum += data.n + data.checkId.length;
    if (++seen % 1000 !== 0) return true;
    const memory = process.memoryUsage();
    if (seen === 10_000) rssWarm = memory.rss;
    if (memory.rss > rssPeak) rssPeak = memory.rss;
    if (memory.heapUsed > heapPeak) heapPeak = memory.heapUsed;
    if (elapsedMs(start) < maxMs) return true;
    complete = false;
    return false;
  });
  const ms = elapsedMs(start);
  rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
  gc?.();
  const heapRetained = gc ? (process.memoryUsage().heapUsed - heapBefore) / MB : null;
  if (checksum < 0) console.error('impossible checksum');
  return {
    events,
    ms,
    complete,
    rssBeforeMb: rssBefore / MB,
    rssWarmMb: rssWarm / MB,
    rssPeakMb: rssPeak / MB,
    heapPeakMb: heapPeak / MB,
    heapRetainedMb: heapRetained,
  };
}

export interface LatencySample {
  p50: number;
  p99: number;
  handled: number;
  sent: number;
}

/**
 * Measures append → asynchronous projection latency: the time from handing an event to the
 * store to the projection's handler receiving it, in the same process (one clock).
 */
export class LatencyProbe {
  private projection: RunningProjection | undefined;
  private latencies: number[] = [];
  private handledHandshake = new Set<number>();
  private window = { from: 0, to: 0 };
  private onProgress: (() => void) | undefined;

  constructor(private readonly store: BenchStore) {}

  /** Starts the projection and waits until it demonstrably handles new events. */
  async start(name: string, timeoutMs: number): Promise<void> {
    this.projection = await this.store.startProjection(name, (data, receivedAt) =>
      this.seen(data, receivedAt),
    );
    // A handshake: the projection starts from the end of the log, and when it settles its
    // position is each library's business — so append markers until one comes through.
    const deadline = performance.now() + timeoutMs;
    for (let marker = -1; ; marker--) {
      await this.store.append('latency-handshake', [benchEvent(marker)]);
      const waitUntil = Math.min(deadline, performance.now() + 1500);
      while (!this.handledHandshake.has(marker) && performance.now() < waitUntil) await sleep(5);
      if (this.handledHandshake.size > 0) return;
      if (performance.now() >= deadline)
        throw new Error(`The projection handled no event within ${timeoutMs} ms`);
    }
  }

  /** Appends `count` single events `intervalMs` apart and waits (up to `drainMs`) until all are handled. */
  async measure(count: number, intervalMs: number, drainMs: number): Promise<LatencySample> {
    this.latencies = [];
    const base = sequence;
    sequence += count;
    this.window = { from: base, to: base + count };
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      const due = start + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      await this.store.append(`latency-${i % 16}`, [benchEvent(base + i)]);
    }
    const deadline = performance.now() + drainMs;
    while (this.latencies.length < count && performance.now() < deadline) {
      await new Promise<void>((resolve) => {
        this.onProgress = resolve;
        setTimeout(resolve, 20);
      });
    }
    this.onProgress = undefined;
    const handled = this.latencies.length;
    return { p50: percentile(this.latencies, 50), p99: percentile(this.latencies, 99), handled, sent: count };
  }

  async stop(): Promise<void> {
    await this.projection?.stop();
    this.projection = undefined;
  }

  private seen(data: BenchEventData, receivedAt: number): void {
    if (data.n < 0) {
      this.handledHandshake.add(data.n);
      return;
    }
    // Late arrivals from an earlier round are not this round's.
    if (data.n < this.window.from || data.n >= this.window.to) return;
    this.latencies.push(receivedAt - data.sentAt);
    if (this.latencies.length >= this.window.to - this.window.from) this.onProgress?.();
  }
}
