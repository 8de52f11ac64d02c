/**
 * Event store: Vigia beside emmett (emmett-sqlite, emmett-postgresql) on the same machine, at
 * the same durability, interleaved. Each store lives in its own worker process.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StoreConfig, StoreDescription } from './events/store-worker.js';
import {
  eventsPerSecond,
  type LatencySample,
  type ReadSample,
  type ThroughputSample,
} from './events/workloads.js';
import type { BenchContext, Benchmark } from './lib/benchmark.js';
import { onCleanup } from './lib/cleanup.js';
import { type Contender, interleave, medianOf } from './lib/interleave.js';
import { type BenchPostgres, startBenchPostgres } from './lib/postgres-server.js';
import { type BenchResult, compare } from './lib/result.js';
import { elapsedMs, nowNs } from './lib/timing.js';
import { WorkerProcess } from './lib/worker.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WORKER = path.join(HERE, 'events', 'store-worker.ts');
const SCRATCH = path.join(HERE, '..', '.bench-tmp');

interface Settings {
  rounds: number;
  /** Length of one measured throughput round per contender. */
  roundMs: number;
  warmupMs: number;
  /** Events in the log read end to end (throughput and memory). */
  logEvents: number;
  /** A read round stops here even before the end of the log (for stores whose reads slow down as it grows). */
  readMaxMs: number;
  pageSize: number;
  batchSize: number;
  writers: number;
  singleStreams: number;
  latencyEvents: number;
  latencyIntervalMs: number;
  latencyDrainMs: number;
}

const QUICK: Settings = {
  rounds: 3,
  roundMs: 200,
  warmupMs: 100,
  logEvents: 100_000,
  readMaxMs: 1500,
  pageSize: 1000,
  batchSize: 100,
  writers: 16,
  singleStreams: 1000,
  latencyEvents: 60,
  latencyIntervalMs: 3,
  latencyDrainMs: 3000,
};

const FULL: Settings = {
  rounds: 5,
  roundMs: 1000,
  warmupMs: 300,
  logEvents: 1_000_000,
  readMaxMs: 15_000,
  pageSize: 1000,
  batchSize: 100,
  writers: 16,
  singleStreams: 1000,
  latencyEvents: 300,
  latencyIntervalMs: 2,
  latencyDrainMs: 5000,
};

/** Targets copied from the issue. */
interface Targets {
  appendSingle?: number;
  appendBatch?: number;
  latencyP99Ms: number;
  throughputRatio: number;
}

interface Backend {
  label: 'SQLite' | 'PostgreSQL';
  anchor: 'emmett-sqlite' | 'emmett-postgresql';
  vigia: StoreConfig;
  anchorConfig: StoreConfig;
  targets: Targets;
}

const POOL_SIZE = 16;

const benchmark: Benchmark = {
  description: 'Event store: Vigia vs emmett on SQLite and PostgreSQL',
  async run(context) {
    const settings = context.quick ? QUICK : FULL;
    const scratch = path.join(SCRATCH, `events-${process.pid}`);
    mkdirSync(scratch, { recursive: true });
    onCleanup(() => rmSync(scratch, { recursive: true, force: true }));

    const results: BenchResult[] = [];
    results.push(
      ...(await runBackend(context, settings, {
        label: 'SQLite',
        anchor: 'emmett-sqlite',
        vigia: { kind: 'vigia-sqlite', location: path.join(scratch, 'vigia.sqlite'), poolSize: 1 },
        anchorConfig: { kind: 'emmett-sqlite', location: path.join(scratch, 'emmett.sqlite'), poolSize: 1 },
        targets: { appendSingle: 20_000, appendBatch: 150_000, latencyP99Ms: 5, throughputRatio: 2 },
      })),
    );

    let postgres: BenchPostgres | undefined;
    try {
      postgres = await startBenchPostgres();
    } catch (error) {
      context.log(
        `PostgreSQL could not be started (${(error as Error).message.split('\n')[0]}): reporting SQLite only`,
      );
    }
    if (postgres) {
      const server = postgres;
      const removeCleanup = onCleanup(() => server.stop());
      context.log(`PostgreSQL: ${server.description}`);
      results.push(
        ...(await runBackend(context, settings, {
          label: 'PostgreSQL',
          anchor: 'emmett-postgresql',
          vigia: {
            kind: 'vigia-postgres',
            location: await server.createDatabase('vigia_bench'),
            poolSize: POOL_SIZE,
          },
          anchorConfig: {
            kind: 'emmett-postgresql',
            location: await server.createDatabase('emmett_bench'),
            poolSize: POOL_SIZE,
          },
          targets: { appendBatch: 50_000, latencyP99Ms: 5, throughputRatio: 2 },
        })),
      );
      removeCleanup();
      await server.stop();
    }
    return results;
  },
};

export default benchmark;

/** A store in its own worker process, opened; null (with the reason logged) if it cannot open. */
async function openWorker(
  context: BenchContext,
  name: string,
  config: StoreConfig,
  options: { quiet?: boolean } = {},
): Promise<WorkerProcess | null> {
  const worker = await WorkerProcess.start(name, WORKER, [JSON.stringify(config)]);
  const removeCleanup = onCleanup(() => worker.kill());
  try {
    const description = await worker.call<StoreDescription>('open');
    if (!options.quiet) context.log(`${name} opened ${JSON.stringify(description)}`);
    return worker;
  } catch (error) {
    context.log(`${name} cannot run: ${firstLine(error)}`);
    removeCleanup();
    await worker.stop();
    return null;
  }
}

async function runBackend(
  context: BenchContext,
  settings: Settings,
  backend: Backend,
): Promise<BenchResult[]> {
  const { log } = context;
  const started = nowNs();
  const vigiaName = `vigia-${backend.label === 'SQLite' ? 'sqlite' : 'postgresql'}`;
  log(`── ${backend.label}: ${vigiaName} vs ${backend.anchor}`);
  const [vigia, anchor] = await Promise.all([
    openWorker(context, vigiaName, backend.vigia),
    openWorker(context, backend.anchor, backend.anchorConfig),
  ]);
  const sides = [
    { name: vigiaName, worker: vigia, config: backend.vigia },
    { name: backend.anchor, worker: anchor, config: backend.anchorConfig },
  ];
  const live = sides.filter((side): side is typeof side & { worker: WorkerProcess } => side.worker !== null);

  // Each side failing in a round gives null for that metric rather than ending the run.
  const contender = <T>(side: { name: string }, run: (round: number) => Promise<T>): Contender<T | null> => {
    let failed = false;
    return {
      name: side.name,
      run: async (round) => {
        if (failed) return null;
        try {
          return await run(round);
        } catch (error) {
          failed = true;
          log(`${side.name} failed: ${firstLine(error)}`);
          return null;
        }
      },
    };
  };
  const medians = <T>(samples: Map<string, Array<T | null>>, pick: (sample: T) => number) => {
    const of = (name: string) => {
      const list = samples.get(name);
      if (!list || list.length === 0 || list.some((s) => s === null)) return null;
      return medianOf(list as T[], pick);
    };
    return { vigia: of(vigiaName), anchor: of(backend.anchor) };
  };
  const onSample = (name: string, round: number, sample: unknown) =>
    log(`  ${name} round ${round + 1}: ${describeSample(sample)}`);

  // 1. The log to read: the same number of events in each store, 1,000 per append. Setup, not
  // a measurement, so both stores fill at once.
  await Promise.all(
    live.map(async (side) => {
      const sample = await side.worker.call<ThroughputSample>('fill', {
        total: settings.logEvents,
        batchSize: 1000,
        // One writer on SQLite (a single writer anyway); a few on PostgreSQL to fill faster.
        writers: backend.label === 'SQLite' ? 1 : 4,
      });
      log(
        `${side.name} filled ${sample.events.toLocaleString('en-US')} events in ${(sample.ms / 1000).toFixed(1)} s`,
      );
    }),
  );

  // 2. Read it, each round in a fresh process so that memory growth is the read's alone. The
  // readers start (in parallel, before any measurement) and open their store up front.
  log(`reading the ${settings.logEvents.toLocaleString('en-US')}-event log, pages of ${settings.pageSize}`);
  const readers = new Map<string, Array<WorkerProcess | null>>();
  await Promise.all(
    live.map(async (side) => {
      const opened = await Promise.all(
        Array.from({ length: settings.rounds }, (_, round) =>
          openWorker(context, `${side.name}-reader-${round + 1}`, side.config, { quiet: round > 0 }),
        ),
      );
      readers.set(side.name, opened);
    }),
  );
  const reads = await interleave<ReadSample | null>(
    live.map((side) =>
      contender(side, async (round) => {
        const reader = readers.get(side.name)?.[round];
        if (!reader) throw new Error('the reader could not open the store');
        try {
          return await reader.call<ReadSample>('readLog', {
            pageSize: settings.pageSize,
            maxMs: settings.readMaxMs,
          });
        } finally {
          await reader.stop();
        }
      }),
    ),
    { rounds: settings.rounds, onSample },
  );
  await Promise.all([...readers.values()].flat().map((reader) => reader?.stop()));

  // 3. Appends.
  const throughput = async (label: string, method: string, params: Record<string, number>) => {
    log(`${label}`);
    return interleave<ThroughputSample | null>(
      live.map((side) =>
        contender(side, (round) =>
          side.worker.call<ThroughputSample>(method, {
            ...params,
            durationMs: round < 0 ? settings.warmupMs : settings.roundMs,
          }),
        ),
      ),
      { rounds: settings.rounds, warmupRounds: 1, onSample },
    );
  };
  const single = await throughput('appends of one event, sequential', 'appendSequential', {
    streams: settings.singleStreams,
  });
  const batch = await throughput(`appends of ${settings.batchSize} events, sequential`, 'appendBatches', {
    batchSize: settings.batchSize,
  });
  const concurrent = await throughput(
    `${settings.writers} concurrent writers, one event per append`,
    'appendConcurrent',
    {
      writers: settings.writers,
    },
  );

  // 4. Append → asynchronous projection latency, one projection per store running throughout.
  log(
    `projection latency: ${settings.latencyEvents} events ${settings.latencyIntervalMs} ms apart per round`,
  );
  const projecting: typeof live = [];
  for (const side of live) {
    try {
      await side.worker.call('startProjection', { name: `bench-${process.pid}`, timeoutMs: 15_000 });
      projecting.push(side);
    } catch (error) {
      log(`${side.name} projection cannot run: ${firstLine(error)}`);
    }
  }
  const latency = await interleave<LatencySample | null>(
    projecting.map((side) =>
      contender(side, async () => {
        const sample = await side.worker.call<LatencySample>('measureLatency', {
          count: settings.latencyEvents,
          intervalMs: settings.latencyIntervalMs,
          drainMs: settings.latencyDrainMs,
        });
        if (sample.handled < sample.sent) {
          throw new Error(
            `the projection handled ${sample.handled} of ${sample.sent} events within the drain time`,
          );
        }
        return sample;
      }),
    ),
    { rounds: settings.rounds, onSample },
  );
  await Promise.all(projecting.map((side) => side.worker.call('stopProjection').catch(() => undefined)));
  await Promise.all(live.map((side) => side.worker.stop()));

  const { targets, anchor: anchorName } = backend;
  const rate = (s: ThroughputSample) => eventsPerSecond(s);
  const results = [
    compare({
      metric: 'append_single_events_per_s',
      unit: 'events/s',
      better: 'higher',
      ...rename(medians(single, rate)),
      anchor: anchorName,
      ...(targets.appendSingle === undefined ? {} : { target: targets.appendSingle }),
      targetRatio: targets.throughputRatio,
    }),
    compare({
      metric: 'append_batch_events_per_s',
      unit: 'events/s',
      better: 'higher',
      ...rename(medians(batch, rate)),
      anchor: anchorName,
      ...(targets.appendBatch === undefined ? {} : { target: targets.appendBatch }),
      targetRatio: targets.throughputRatio,
    }),
    compare({
      metric: 'append_concurrent_16_writers_events_per_s',
      unit: 'events/s',
      better: 'higher',
      ...rename(medians(concurrent, rate)),
      anchor: anchorName,
      targetRatio: targets.throughputRatio,
    }),
    compare({
      metric: 'read_all_events_per_s',
      unit: 'events/s',
      better: 'higher',
      ...rename(medians(reads, rate)),
      anchor: anchorName,
      targetRatio: targets.throughputRatio,
    }),
    compare({
      metric: 'projection_latency_p50_ms',
      unit: 'ms',
      better: 'lower',
      ...rename(medians(latency, (s) => s.p50)),
      anchor: anchorName,
    }),
    compare({
      metric: 'projection_latency_p99_ms',
      unit: 'ms',
      better: 'lower',
      ...rename(medians(latency, (s) => s.p99)),
      anchor: anchorName,
      target: targets.latencyP99Ms,
    }),
    compare({
      metric: 'read_all_rss_growth_mb',
      unit: 'MB',
      better: 'lower',
      ...rename(medians(reads, (s) => s.rssPeakMb - s.rssBeforeMb)),
      anchor: anchorName,
    }),
  ];
  log(`${backend.label} done in ${(elapsedMs(started) / 1000).toFixed(1)} s`);
  return results;
}

function rename(values: { vigia: number | null; anchor: number | null }) {
  return { vigia: values.vigia, anchorValue: values.anchor };
}

function describeSample(sample: unknown): string {
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
    );
  }
  return parts.join(', ');
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
