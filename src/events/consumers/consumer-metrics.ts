import { Counter, Gauge, type Registry } from '../../kernel/index.js';

/** Prometheus metrics of durable consumers, shared by all consumers on one registry. */
export interface ConsumerMetrics {
  lag: Gauge<'consumer'>;
  processed: Counter<'consumer'>;
  parked: Counter<'consumer'>;
  failures: Counter<'consumer'>;
}

const byRegistry = new WeakMap<Registry, ConsumerMetrics>();

export function consumerMetrics(registry: Registry): ConsumerMetrics {
  let metrics = byRegistry.get(registry);
  if (!metrics) {
    const labelNames = ['consumer'] as const;
    metrics = {
      lag: new Gauge({
        name: 'vigia_consumer_lag_events',
        help: 'Events in the log not yet processed by the consumer',
        labelNames,
        registers: [registry],
      }),
      processed: new Counter({
        name: 'vigia_consumer_events_processed_total',
        help: 'Events a consumer committed',
        labelNames,
        registers: [registry],
      }),
      parked: new Counter({
        name: 'vigia_consumer_events_parked_total',
        help: 'Events a consumer gave up on after repeated failures',
        labelNames,
        registers: [registry],
      }),
      failures: new Counter({
        name: 'vigia_consumer_handler_failures_total',
        help: 'Handler attempts that threw',
        labelNames,
        registers: [registry],
      }),
    };
    byRegistry.set(registry, metrics);
  }
  return metrics;
}
