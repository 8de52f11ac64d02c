import type { FastifyInstance } from 'fastify';
import type { EventStore } from '../../events/index.js';
import type { Registry } from '../../kernel/index.js';
import { registerPolicyMetrics } from '../../resilience/index.js';
import { countAppendedEvents } from './event-metrics.js';
import { registerHttpMetrics } from './http-metrics.js';

/** Where `GET /metrics` is served: on the API server for operator tokens, or on a separate listener. */
export type MetricsMode = 'token' | 'listener';

/** The server's Prometheus registry and where its metrics are published. */
export interface ServerMetrics {
  /** The process's registry: consumers and policies given the same one show up beside the server's. */
  registry: Registry;
  /** `token`: `GET /metrics` on this server, operator role; `listener`: see startMetricsListener. */
  mode: MetricsMode;
}

/**
 * Adds the server's metrics to the registry: HTTP request durations, events appended, and the
 * resilience policies' families. (`GET /metrics` itself is metricsRoutes, registered with the routes.)
 */
export function registerServerMetrics(app: FastifyInstance, store: EventStore, metrics: ServerMetrics): void {
  registerHttpMetrics(app, metrics.registry);
  const stopCounting = countAppendedEvents(metrics.registry, store);
  app.addHook('onClose', async () => stopCounting());
  // Policies made elsewhere join with registerPolicyMetrics(registry, policy).
  registerPolicyMetrics(metrics.registry);
}
