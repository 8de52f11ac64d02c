import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ProjectionRunner, SqliteEventStore } from '../../events/index.js';
import { type FakeClock, silentLogger } from '../../kernel/index.js';
import type { MetricSample } from '../ingest/index.js';
import type { MetricSource } from './metric-events.js';
import { metricProjection } from './metric-projection.js';
import { MetricQueries } from './metric-queries.js';
import { MetricsWriter } from './metrics-writer.js';

/** The metric read models over a fresh SQLite store, for the unit tests of this folder. */
export interface TestReadModels {
  store: SqliteEventStore;
  runner: ProjectionRunner;
  queries: MetricQueries;
  /** Appends samples as one batch and waits until the read models hold them. */
  record(samples: MetricSample[], source?: MetricSource): Promise<void>;
  /** Waits until the read models hold every event appended so far. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Opens a store in a temporary folder and runs the metric projection on it. */
export async function openTestReadModels(clock: FakeClock, retentionDays = 30): Promise<TestReadModels> {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigia-metrics-'));
  const store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  const runner = new ProjectionRunner(store, metricProjection({ clock, retentionDays }), { clock });
  await runner.start();
  await runner.waitUntilCaughtUp();
  const writer = new MetricsWriter({ store, clock, logger: silentLogger() });
  return {
    store,
    runner,
    queries: new MetricQueries(store, runner),
    async record(samples, source = { type: 'push' }) {
      const written = writer.record(samples, source);
      await writer.flush();
      await written;
      await runner.waitUntilCaughtUp();
    },
    settle: () => runner.waitUntilCaughtUp(),
    async close() {
      await runner.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
