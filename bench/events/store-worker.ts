/**
 * A worker process holding one event store (Vigia's or the anchor's) and running workloads on it
 * when the benchmark asks. Started by events.bench.ts through WorkerProcess.
 */
import { serveWorker } from '../lib/worker.js';
import type { BenchStore } from './bench-store.js';
import {
  appendBatches,
  appendConcurrent,
  appendSequential,
  fill,
  LatencyProbe,
  type LatencySample,
  type ReadSample,
  readLog,
  type ThroughputSample,
} from './workloads.js';

export type StoreKind = 'vigia-sqlite' | 'emmett-sqlite' | 'vigia-postgres' | 'emmett-postgresql';

export interface StoreConfig {
  kind: StoreKind;
  /** A database file (SQLite) or a postgres:// URL. */
  location: string;
  /** Connections in the pool (PostgreSQL). */
  poolSize: number;
}

/** What `open` reports: settings the store actually runs with. */
export type StoreDescription = Record<string, unknown>;

type Opened = { store: BenchStore; description: StoreDescription };

// Each store's library is imported only in its own worker, so no library's globals
// (node-postgres type parsers, for one) reach the other's process. Imports start when the
// worker starts, so that spawning workers ahead of time also pays for loading them.
function loadOpener(config: StoreConfig): Promise<() => Promise<Opened>> {
  switch (config.kind) {
    case 'vigia-sqlite':
      return Promise.all([import('../../src/events/index.js'), import('./vigia-store.js')]).then(
        ([{ SqliteEventStore }, { VigiaBenchStore }]) =>
          async () => ({
            // Vigia's default durability: WAL with synchronous=NORMAL.
            store: new VigiaBenchStore(
              SqliteEventStore.open({ file: config.location, synchronous: 'normal' }),
            ),
            description: { journal_mode: 'wal', synchronous: 'normal' },
          }),
      );
    case 'vigia-postgres':
      return Promise.all([import('../../src/events/index.js'), import('./vigia-store.js')]).then(
        ([{ PostgresEventStore }, { VigiaBenchStore }]) =>
          async () => ({
            store: new VigiaBenchStore(
              await PostgresEventStore.open({ connectionString: config.location, poolSize: config.poolSize }),
            ),
            description: { poolSize: config.poolSize },
          }),
      );
    case 'emmett-sqlite':
      return import('./emmett-sqlite-store.js').then(({ EmmettSqliteBenchStore }) => async () => {
        const store = await EmmettSqliteBenchStore.open(config.location);
        return { store, description: await store.pragmas() };
      });
    case 'emmett-postgresql':
      return import('./emmett-postgres-store.js').then(({ EmmettPostgresBenchStore }) => async () => ({
        store: await EmmettPostgresBenchStore.open(config.location, config.poolSize),
        description: { poolSize: config.poolSize },
      }));
  }
}

const config = JSON.parse(process.argv[2] ?? '{}') as StoreConfig;
const opener = loadOpener(config);
// Reported when `open` is called.
opener.catch(() => undefined);
let opened: BenchStore | undefined;
let probe: LatencyProbe | undefined;

function store(): BenchStore {
  if (!opened) throw new Error('The store is not open: call open first');
  return opened;
}

serveWorker({
  open: async (): Promise<StoreDescription> => {
    const { store: created, description } = await (await opener)();
    opened = created;
    return description;
  },
  fill: (p: { total: number; batchSize: number; writers: number }): Promise<ThroughputSample> =>
    fill(store(), p.total, p.batchSize, p.writers),
  appendSequential: (p: { durationMs: number; streams: number }): Promise<ThroughputSample> =>
    appendSequential(store(), p.durationMs, p.streams),
  appendBatches: (p: { durationMs: number; batchSize: number }): Promise<ThroughputSample> =>
    appendBatches(store(), p.durationMs, p.batchSize),
  appendConcurrent: (p: { durationMs: number; writers: number }): Promise<ThroughputSample> =>
    appendConcurrent(store(), p.durationMs, p.writers),
  readLog: (p: { pageSize: number; maxMs: number }): Promise<ReadSample> =>
    readLog(store(), p.pageSize, p.maxMs),
  startProjection: async (p: { name: string; timeoutMs: number }): Promise<void> => {
    probe = new LatencyProbe(store());
    await probe.start(p.name, p.timeoutMs);
  },
  measureLatency: (p: { count: number; intervalMs: number; drainMs: number }): Promise<LatencySample> => {
    if (!probe) throw new Error('No projection running: call startProjection first');
    return probe.measure(p.count, p.intervalMs, p.drainMs);
  },
  stopProjection: async (): Promise<void> => {
    await probe?.stop();
    probe = undefined;
  },
  close: async (): Promise<void> => {
    await probe?.stop();
    await opened?.close();
    opened = undefined;
  },
});
