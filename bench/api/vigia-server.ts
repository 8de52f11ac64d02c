/**
 * A worker process running Vigia's HTTP server as `vigia up` builds it — SQLite store in the
 * given folder, API tokens, the Prometheus registry with /metrics, trace context, info-level
 * request logs — on 127.0.0.1 with a free port. Started by api.bench.ts through WorkerProcess.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { SqliteEventStore } from '../../src/events/index.js';
import { createLogger, createMetricsRegistry } from '../../src/kernel/index.js';
import { createVigiaServer, DEFAULT_REQUEST_LIMITS } from '../../src/server/index.js';
import { serveWorker } from '../lib/worker.js';

export interface VigiaServerInfo {
  address: string;
  adminToken: string;
}

let store: SqliteEventStore | undefined;
let app: FastifyInstance | undefined;

serveWorker({
  async open({ dataDir }: { dataDir: string }): Promise<VigiaServerInfo> {
    // `vigia up`'s default durability (WAL, synchronous=normal) and log level. The log lines are
    // written in full, to /dev/null: their cost is measured, a terminal is not flooded.
    store = SqliteEventStore.open({ file: path.join(dataDir, 'events.db'), synchronous: 'normal' });
    const logger = createLogger({
      level: 'info',
      pretty: false,
      destination: pino.destination({ dest: '/dev/null', sync: false }),
    });
    const server = await createVigiaServer({
      store,
      logger,
      version: 'bench',
      metrics: { registry: createMetricsRegistry(true), mode: 'token' },
      // The per-token rate limit still runs on every request, set above the offered load: it
      // protects against runaway scripts, and a benchmark of it would only measure its limit.
      limits: { ...DEFAULT_REQUEST_LIMITS, perTokenPerSecond: 1e9, burst: 1e9 },
    });
    app = server.app;
    const { token: adminToken } = await server.auth.tokens.create(
      { name: 'bench-admin', role: 'admin' },
      { actor: 'bench' },
    );
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    return { address, adminToken };
  },
  /** The head of the log, to check that acknowledged appends were written. */
  async headPosition(): Promise<number> {
    return store!.headPosition();
  },
  /** CPU time this process has used, in µs: its cost per request, whatever the load generator does. */
  async cpuMicros(): Promise<number> {
    const { user, system } = process.cpuUsage();
    return user + system;
  },
  async close() {
    await app?.close();
    await store?.close();
  },
});
