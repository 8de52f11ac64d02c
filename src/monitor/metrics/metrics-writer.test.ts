import { describe, expect, it } from 'vitest';
import type { AppendResult, EventStore, StreamAppend } from '../../events/index.js';
import { FakeClock, ShuttingDownError, silentLogger } from '../../kernel/index.js';
import type { MetricSample } from '../ingest/index.js';
import { MetricEvents } from './metric-events.js';
import { chunkSamples, MetricsWriter } from './metrics-writer.js';

const T0 = Date.UTC(2026, 10, 22, 10, 0);

/** A store whose appends the test completes or fails by hand (only appendToStreams is used by the writer). */
function controlledStore() {
  const calls: Array<{
    appends: ReadonlyArray<StreamAppend>;
    succeed: () => void;
    fail: (error: Error) => void;
  }> = [];
  const store = {
    appendToStreams(appends: ReadonlyArray<StreamAppend>): Promise<AppendResult[]> {
      return new Promise((resolve, reject) => {
        calls.push({ appends, succeed: () => resolve([]), fail: reject });
      });
    },
  } as unknown as EventStore;
  return { store, calls };
}

function samples(count: number, name = 'cpu_percent', labels: Record<string, string> = {}): MetricSample[] {
  return Array.from({ length: count }, (_, i) => ({ name, value: i % 100, labels, timestamp: T0 + i }));
}

/** Whether a promise has settled yet, without waiting for it. */
async function settled(promise: Promise<unknown>): Promise<'pending' | 'resolved' | 'rejected'> {
  const marker = Symbol('pending');
  const outcome = await Promise.race([
    promise.then(
      () => 'resolved' as const,
      () => 'rejected' as const,
    ),
    new Promise<symbol>((resolve) => setImmediate(() => resolve(marker))),
  ]);
  return outcome === marker ? 'pending' : (outcome as 'resolved' | 'rejected');
}

describe('MetricsWriter', () => {
  it('shares one append between the pushes and scrapes of an interval, and answers only once it is durable', async () => {
    const clock = new FakeClock(T0);
    const { store, calls } = controlledStore();
    const writer = new MetricsWriter({ store, clock, logger: silentLogger(), flushIntervalMs: 250 });
    const first = writer.record(samples(2), { type: 'push', actorId: 'tok1' });
    const second = writer.record(samples(3), { type: 'push', actorId: 'tok1' });
    const scrape = writer.record(samples(1, 'up'), { type: 'scrape', monitorId: 'm-1' });
    const anonymous = writer.record(samples(1), { type: 'push' });
    await clock.advance(249);
    expect(calls).toHaveLength(0);
    await clock.advance(1);
    expect(calls).toHaveLength(1);
    const appends = calls[0]!.appends;
    expect(appends.map((a) => a.streamId).sort()).toEqual([
      'metrics-push-anonymous',
      'metrics-push-tok1',
      'metrics-scrape-m-1',
    ]);
    const push = appends.find((a) => a.streamId === 'metrics-push-tok1')!;
    expect(push.events).toHaveLength(1);
    expect(push.events[0]!.type).toBe(MetricEvents.samplesRecorded);
    expect(push.events[0]!.data).toMatchObject({ source: 'push' });
    expect((push.events[0]!.data as { samples: unknown[] }).samples).toHaveLength(5);
    const scraped = appends.find((a) => a.streamId === 'metrics-scrape-m-1')!;
    expect(scraped.events[0]!.data).toMatchObject({ source: 'scrape', monitorId: 'm-1' });

    expect(await settled(first)).toBe('pending');
    calls[0]!.succeed();
    await Promise.all([first, second, scrape, anonymous]);
  });

  it('appends at once when the batch reaches maxBatchSamples, without waiting for the interval', async () => {
    const clock = new FakeClock(T0);
    const { store, calls } = controlledStore();
    const writer = new MetricsWriter({ store, clock, logger: silentLogger(), maxBatchSamples: 10 });
    const small = writer.record(samples(4), { type: 'push' });
    await Promise.resolve();
    expect(calls).toHaveLength(0);
    const big = writer.record(samples(6), { type: 'push' });
    await Promise.resolve();
    expect(calls).toHaveLength(1);
    calls[0]!.succeed();
    await Promise.all([small, big]);
    // The interval timer of the first record was cancelled with the flush: nothing else is appended.
    await clock.advance(1000);
    expect(calls).toHaveLength(1);
  });

  it('rejects every record of a failed append, and later batches still go through', async () => {
    const clock = new FakeClock(T0);
    const { store, calls } = controlledStore();
    const writer = new MetricsWriter({ store, clock, logger: silentLogger() });
    const a = writer.record(samples(1), { type: 'push' });
    const b = writer.record(samples(1), { type: 'scrape', monitorId: 'm' });
    await clock.advance(250);
    calls[0]!.fail(new Error('disk full'));
    await expect(a).rejects.toThrow('disk full');
    await expect(b).rejects.toThrow('disk full');
    const c = writer.record(samples(1), { type: 'push' });
    await clock.advance(250);
    expect(calls).toHaveLength(2);
    calls[1]!.succeed();
    await expect(c).resolves.toBeUndefined();
  });

  it('resolves an empty record at once, and after close writes what is queued and refuses more', async () => {
    const clock = new FakeClock(T0);
    const { store, calls } = controlledStore();
    const writer = new MetricsWriter({ store, clock, logger: silentLogger() });
    await expect(writer.record([], { type: 'push' })).resolves.toBeUndefined();
    expect(calls).toHaveLength(0);
    const queued = writer.record(samples(2), { type: 'push' });
    const closing = writer.close();
    await Promise.resolve();
    expect(calls).toHaveLength(1);
    calls[0]!.succeed();
    await closing;
    await queued;
    await expect(writer.record(samples(1), { type: 'push' })).rejects.toBeInstanceOf(ShuttingDownError);
  });
});

describe('chunkSamples', () => {
  it('keeps events to 1,000 samples and well under the 1 MiB event limit', () => {
    expect(chunkSamples(samples(2500)).map((c) => c.length)).toEqual([1000, 1000, 500]);
    const wide: Record<string, string> = {};
    for (let i = 0; i < 20; i++) wide[`label_${i}`] = 'x'.repeat(200);
    const chunks = chunkSamples(samples(1000, 'wide_metric', wide));
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(Buffer.byteLength(JSON.stringify({ source: 'push', samples: chunk }))).toBeLessThan(1024 * 1024);
    }
    expect(chunks.flat()).toHaveLength(1000);
  });
});
