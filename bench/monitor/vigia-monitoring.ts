/**
 * A worker process running Vigia's monitoring as `vigia up` wires it — SQLite store in the given
 * folder (WAL, synchronous=normal), the HTTP server with the monitoring routes, a MonitorService
 * with the default concurrency, info-level logs written to /dev/null — on 127.0.0.1 with a free
 * port, so that the CPU time and resident memory it reports are Vigia's alone. Monitors are
 * created through `POST /api/monitors` (the path the API and the dashboard take). Started by
 * monitor.bench.ts through WorkerProcess.
 */
import path from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { SqliteEventStore } from '../../src/events/index.js';
import { createLogger, systemClock } from '../../src/kernel/index.js';
import { closeHttpCheckAgent, MonitorEvents, MonitorService } from '../../src/monitor/index.js';
import { createVigiaServer, DEFAULT_REQUEST_LIMITS } from '../../src/server/index.js';
import { percentile } from '../lib/stats.js';
import { serveWorker } from '../lib/worker.js';

export interface VigiaMonitoringInfo {
  address: string;
  adminToken: string;
}

/** A point in the run as the worker sees it: wall-clock time, its CPU time, its peak RSS so far. */
export interface Mark {
  at: number;
  cpuMicros: number;
  /** Highest resident set size sampled since monitoring started, in bytes. */
  maxRssBytes: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** Head of the event log. */
  head: number;
  /** Since the previous mark: event-loop delay p99 and max, garbage-collection pauses (total, longest). */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  gcMs: number;
  gcMaxMs: number;
}

/**
 * The checks due in a window whose `monitor.check_completed` event is in the store, and their
 * scheduling delays; beside them, how many such events were written in the window.
 */
export interface CheckStats {
  completed: number;
  /** By status (`up`, `down` …). */
  byStatus: Record<string, number>;
  /** Check results written (event time) in the window, whenever they were due. */
  writtenInWindow: number;
  delayP50Ms: number;
  delayP99Ms: number;
  delayMaxMs: number;
}

const RSS_SAMPLE_MS = 250;

let store: SqliteEventStore | undefined;
let app: FastifyInstance | undefined;
let monitoring: MonitorService | undefined;
let adminHeader = '';
let maxRss = 0;
let sampler: NodeJS.Timeout | undefined;
let stopping: Promise<void> | undefined;

/** Stops the monitors once: running checks finish, every result is written and in the read models. */
function stopMonitors(): Promise<void> {
  clearInterval(sampler);
  stopping ??= (async () => {
    if (!monitoring) return;
    await monitoring.stop();
    await monitoring.settle();
    await closeHttpCheckAgent();
  })();
  return stopping;
}

function sampleRss(): void {
  maxRss = Math.max(maxRss, process.memoryUsage.rss());
}

const loopDelay = monitorEventLoopDelay({ resolution: 5 });
let gcMs = 0;
let gcMaxMs = 0;
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcMs += entry.duration;
    gcMaxMs = Math.max(gcMaxMs, entry.duration);
  }
});

serveWorker({
  async open({ dataDir }: { dataDir: string }): Promise<VigiaMonitoringInfo> {
    store = SqliteEventStore.open({ file: path.join(dataDir, 'events.db'), synchronous: 'normal' });
    const logger = createLogger({
      level: 'info',
      pretty: false,
      destination: pino.destination({ dest: '/dev/null', sync: false }),
    });
    monitoring = new MonitorService({
      store,
      clock: systemClock,
      logger: logger.child({ module: 'monitor' }),
      // `vigia up`'s defaults (config monitoring.maxConcurrent / groupConcurrency).
      maxConcurrent: 256,
      groupConcurrency: 32,
    });
    const server = await createVigiaServer({
      store,
      logger,
      version: 'bench',
      monitoring,
      consumers: [monitoring],
      // Creating 10,000 monitors with one token goes past the default per-token rate limit; the
      // limit still runs on every request, set above what the benchmark sends.
      limits: { ...DEFAULT_REQUEST_LIMITS, perTokenPerSecond: 1e9, burst: 1e9 },
    });
    app = server.app;
    const { token } = await server.auth.tokens.create(
      { name: 'bench-admin', role: 'admin' },
      { actor: 'bench' },
    );
    adminHeader = `Bearer ${token}`;
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    return { address, adminToken: token };
  },

  /** Creates monitors with `POST /api/monitors`, `concurrency` at a time; returns their ids in order. */
  async createMonitors({
    docs,
    concurrency,
  }: {
    docs: Array<Record<string, unknown>>;
    concurrency: number;
  }): Promise<string[]> {
    const ids: string[] = new Array(docs.length);
    let next = 0;
    const lane = async () => {
      for (let index = next++; index < docs.length; index = next++) {
        const response = await app!.inject({
          method: 'POST',
          url: '/api/monitors',
          headers: { authorization: adminHeader, 'content-type': 'application/json' },
          payload: JSON.stringify(docs[index]),
        });
        if (response.statusCode !== 201) {
          throw new Error(`POST /api/monitors answered ${response.statusCode}: ${response.body}`);
        }
        ids[index] = (response.json() as { id: string }).id;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, docs.length) }, lane));
    return ids;
  },

  /** Starts the monitors (and the RSS sampling); resolves once every monitor is scheduled. */
  async startMonitoring(): Promise<{ at: number; scheduled: number }> {
    sampleRss();
    sampler = setInterval(sampleRss, RSS_SAMPLE_MS);
    loopDelay.enable();
    gcObserver.observe({ entryTypes: ['gc'] });
    await monitoring!.start();
    return { at: Date.now(), scheduled: monitoring!.size };
  },

  async mark(): Promise<Mark> {
    sampleRss();
    const { user, system } = process.cpuUsage();
    const { rss, heapUsed } = process.memoryUsage();
    const mark: Mark = {
      at: Date.now(),
      cpuMicros: user + system,
      maxRssBytes: maxRss,
      rssBytes: rss,
      heapUsedBytes: heapUsed,
      head: await store!.headPosition(),
      loopDelayP99Ms: loopDelay.count > 0 ? loopDelay.percentile(99) / 1e6 : 0,
      loopDelayMaxMs: loopDelay.count > 0 ? loopDelay.max / 1e6 : 0,
      gcMs,
      gcMaxMs,
    };
    loopDelay.reset();
    gcMs = 0;
    gcMaxMs = 0;
    return mark;
  },

  async stopMonitoring(): Promise<void> {
    await stopMonitors();
  },

  /** The check results due in [from, to), counted from the store (after stopMonitoring: all written). */
  async checkStats({ from, to }: { from: number; to: number }): Promise<CheckStats> {
    // ISO strings of one format compare in time order.
    const rows = await store!.query<{ status: string; due: string; started: string }>(
      `SELECT json_extract(data, '$.status') AS status, json_extract(data, '$.dueAt') AS due,
         json_extract(data, '$.startedAt') AS started
       FROM events WHERE type = $1 AND json_extract(data, '$.dueAt') >= $2 AND json_extract(data, '$.dueAt') < $3`,
      [MonitorEvents.checkCompleted, new Date(from).toISOString(), new Date(to).toISOString()],
    );
    const written = await store!.query<{ n: number }>(
      'SELECT count(*) AS n FROM events WHERE type = $1 AND time >= $2 AND time < $3',
      [MonitorEvents.checkCompleted, from, to],
    );
    const byStatus: Record<string, number> = {};
    const delays = new Array<number>(rows.length);
    let delayMaxMs = 0;
    rows.forEach((row, index) => {
      byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
      const delay = Date.parse(row.started) - Date.parse(row.due);
      delays[index] = delay;
      delayMaxMs = Math.max(delayMaxMs, delay);
    });
    return {
      completed: rows.length,
      byStatus,
      writtenInWindow: Number(written[0]?.n ?? 0),
      delayP50Ms: percentile(delays, 50),
      delayP99Ms: percentile(delays, 99),
      delayMaxMs,
    };
  },

  async close() {
    loopDelay.disable();
    gcObserver.disconnect();
    await stopMonitors();
    await app?.close();
    await store?.close();
  },
});
