import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from '../lib/benchmark.js';
import { onCleanup } from '../lib/cleanup.js';
import { type Contender, interleave } from '../lib/interleave.js';
import type { BenchResult } from '../lib/result.js';
import { elapsedMs, nowNs } from '../lib/timing.js';
import { WorkerProcess } from '../lib/worker.js';
import { type BackendSamples, backendResults, describeSample } from './results.js';
import type { Settings, Targets } from './settings.js';
import type { StoreConfig, StoreDescription } from './store-worker.js';
import type { LatencySample, ReadSample, ThroughputSample } from './workloads.js';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'store-worker.ts');

/** One backend's comparison: Vigia's store against the anchor's. */
export interface Backend {
  label: 'SQLite' | 'PostgreSQL';
  vigiaName: string;
  vigia: StoreConfig;
  anchorName: string;
  anchor: StoreConfig;
  targets: Targets;
}

export interface BackendRun {
  results: BenchResult[];
  /** Resolves when the workers have shut down (emmett's consumers take up to a second). */
  shutdown: Promise<void>;
}

interface Side {
  name: string;
  config: StoreConfig;
  worker: WorkerProcess;
  /** One fresh process per read round. */
  readers: WorkerProcess[];
  /** Whether each reader opened its store. */
  readersOpen: boolean[];
}

async function spawn(name: string, config: StoreConfig, nodeFlags: string[] = []): Promise<WorkerProcess> {
  const worker = await WorkerProcess.start(name, WORKER, [JSON.stringify(config)], nodeFlags);
  onCleanup(() => worker.kill());
  return worker;
}

/** Opens the worker's store; false (reason logged, worker stopped) when it cannot. */
async function open(context: BenchContext, worker: WorkerProcess, quiet = false): Promise<boolean> {
  try {
    const description = await worker.call<StoreDescription>('open');
    if (!quiet) context.log(`${worker.name} opened ${JSON.stringify(description)}`);
    return true;
  } catch (error) {
    context.log(`${worker.name} cannot run: ${firstLine(error)}`);
    await worker.stop();
    return false;
  }
}

/** A backend whose workers are running, stores open and filled, ready to measure. */
export interface PreparedBackend {
  backend: Backend;
  /** Sides whose store opened. */
  live: Side[];
}

/**
 * Starts every process the backend needs — one per store, and one per store and read round —
 * opens the stores and fills each with the log to read. Nothing here is measured, so it may
 * overlap other backends' preparation.
 */
export async function prepareBackend(
  context: BenchContext,
  settings: Settings,
  backend: Backend,
): Promise<PreparedBackend> {
  const { log } = context;
  const sides: Side[] = await Promise.all(
    [
      { name: backend.vigiaName, config: backend.vigia },
      { name: backend.anchorName, config: backend.anchor },
    ].map(async (side) => ({
      ...side,
      readersOpen: [],
      worker: await spawn(side.name, side.config),
      readers: await Promise.all(
        Array.from({ length: settings.rounds }, (_, round) =>
          // --expose-gc lets a reader tell retained memory from garbage not yet collected.
          spawn(`${side.name}-reader-${round + 1}`, side.config, ['--expose-gc']),
        ),
      ),
    })),
  );
  const opened = await Promise.all(sides.map((side) => open(context, side.worker)));
  const live = sides.filter((_, i) => opened[i]);
  for (const side of sides.filter((_, i) => !opened[i])) await Promise.all(side.readers.map((r) => r.stop()));
  // The log to read: as many events in each store, 1,000 per append.
  await Promise.all(
    live.map(async (side) => {
      const sample = await side.worker.call<ThroughputSample>('fill', {
        total: settings.logEvents,
        batchSize: 1000,
        writers: backend.label === 'SQLite' ? 1 : 4,
      });
      log(
        `${side.name} filled ${sample.events.toLocaleString('en-US')} events in ${(sample.ms / 1000).toFixed(1)} s`,
      );
    }),
  );
  // Readers open once the log is complete, so they start on the same store state as measured.
  await Promise.all(
    live.map(async (side) => {
      side.readersOpen = await Promise.all(side.readers.map((reader) => open(context, reader, true)));
    }),
  );
  return { backend, live };
}

/** Runs every metric on a prepared backend, Vigia and the anchor interleaved round by round. */
export async function measureBackend(
  context: BenchContext,
  settings: Settings,
  prepared: PreparedBackend,
): Promise<BackendRun> {
  const { log } = context;
  const { backend, live } = prepared;
  const started = nowNs();
  log(`── ${backend.label}: ${backend.vigiaName} vs ${backend.anchorName}`);

  // A side that fails in a round gets null for that metric; the run goes on.
  const contender = <T>(side: Side, run: (round: number) => Promise<T>): Contender<T | null> => {
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
  const onSample = (name: string, round: number, sample: unknown) =>
    log(`  ${name} round ${round + 1}: ${describeSample(sample)}`);

  // 1. Read the log end to end, each round in a fresh process so that memory growth is the read's own.
  log(`reading the ${settings.logEvents.toLocaleString('en-US')}-event log, pages of ${settings.pageSize}`);
  const reads = await interleave<ReadSample | null>(
    live.map((side) =>
      contender(side, async (round) => {
        const reader = side.readers[round]!;
        if (!side.readersOpen[round]) throw new Error(`${reader.name} could not open the store`);
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
  // Readers a failed side never used.
  await Promise.all(live.flatMap((side) => side.readers.map((reader) => reader.stop())));

  // 2. Appends, each metric after an unmeasured warm-up round.
  const throughput = (label: string, method: string, params: Record<string, number>) => {
    log(label);
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

  // 3. Append → asynchronous projection latency; each store's projection runs through all rounds.
  log(
    `projection latency: ${settings.latencyEvents} events ${settings.latencyIntervalMs} ms apart per round`,
  );
  const projecting: Side[] = [];
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
          throw new Error(`the projection handled ${sample.handled} of ${sample.sent} events in time`);
        }
        return sample;
      }),
    ),
    { rounds: settings.rounds, onSample },
  );
  log(`${backend.label} measured in ${(elapsedMs(started) / 1000).toFixed(1)} s`);

  const shutdown = Promise.all(
    live.map(async (side) => {
      // emmett's consumers sleep up to a second between polls before they notice a stop: the
      // worker gets a moment to close its store, then it is ended.
      await side.worker.stop(500);
    }),
  ).then(() => undefined);
  const samples: BackendSamples = { single, batch, concurrent, reads, latency };
  return {
    results: backendResults(
      samples,
      { vigia: backend.vigiaName, anchor: backend.anchorName },
      backend.targets,
    ),
    shutdown,
  };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
