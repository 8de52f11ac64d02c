import Fastify, { type FastifyBaseLogger, LogController } from 'fastify';
import type { Logger, Registry } from '../../kernel/index.js';
import { metricsRoutes } from './metrics-route.js';

export interface MetricsListenerOptions {
  registry: Registry;
  /** Keep it on a loopback or private address: the listener asks for no token. */
  host: string;
  port: number;
  logger: Logger;
}

/** A running metrics listener. */
export interface MetricsListener {
  /** e.g. `http://127.0.0.1:9464`. */
  address: string;
  close(): Promise<void>;
}

/**
 * The metrics listener (`server.metrics.mode: listener`): a second, small HTTP server that
 * serves only `GET /metrics`, without authentication, for a Prometheus on a private network.
 */
export async function startMetricsListener(options: MetricsListenerOptions): Promise<MetricsListener> {
  const app = Fastify({
    loggerInstance: options.logger.child({ component: 'metrics-listener' }) as FastifyBaseLogger,
    // A scrape every few seconds is not worth two log lines each.
    logController: new LogController({ disableRequestLogging: true }),
    requestTimeout: 30_000,
  });
  await app.register(metricsRoutes, { registry: options.registry });
  const address = await app.listen({ host: options.host, port: options.port });
  return { address, close: () => app.close() };
}
