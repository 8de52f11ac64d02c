import { collectDefaultMetrics, Registry } from 'prom-client';

export { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** A fresh Prometheus registry; `withProcessMetrics` adds Node's process metrics (CPU, memory, GC, event loop). */
export function createMetricsRegistry(withProcessMetrics = false): Registry {
  const registry = new Registry();
  if (withProcessMetrics) collectDefaultMetrics({ register: registry, prefix: 'vigia_' });
  return registry;
}
