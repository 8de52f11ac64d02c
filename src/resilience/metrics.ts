import { Counter, type Registry } from '../kernel/index.js';
import { LATENCY_BUCKETS_MS } from './LatencyHistogram.js';
import type { PolicyBase } from './PolicyBase.js';

const registered = new WeakMap<Registry, Set<PolicyBase>>();

/**
 * Publishes the policies' counters and latency histograms in a Prometheus registry
 * (`vigia_resilience_*{policy,kind}`). Values are read from the policies at scrape time, so
 * the call path pays nothing for metrics beyond the policies' own counters.
 */
export function registerPolicyMetrics(registry: Registry, ...policies: PolicyBase[]): void {
  let set = registered.get(registry);
  if (!set) {
    set = new Set();
    registered.set(registry, set);
    createCollectors(registry, set);
  }
  for (const policy of policies) set.add(policy);
}

function createCollectors(registry: Registry, policies: Set<PolicyBase>): void {
  const labelNames = ['policy', 'kind'] as const;
  const counter = (name: string, help: string, read: (p: PolicyBase) => number) =>
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const p of policies) this.inc({ policy: p.name, kind: p.kind }, read(p));
      },
    });
  counter('vigia_resilience_calls_total', 'Calls a policy ran or judged', (p) => p.stats.calls);
  counter('vigia_resilience_successes_total', 'Calls that succeeded', (p) => p.stats.successes);
  counter('vigia_resilience_failures_total', 'Calls that failed', (p) => p.stats.failures);
  counter(
    'vigia_resilience_rejections_total',
    'Calls refused or replaced by the policy',
    (p) => p.stats.rejections,
  );
  registry.registerMetric(latencyHistogram(policies) as unknown as Parameters<Registry['registerMetric']>[0]);
}

/**
 * A histogram exported straight from the policies' fixed buckets (prom-client's Histogram
 * can only be fed one observation at a time, which would replay every call at scrape time).
 */
function latencyHistogram(policies: Set<PolicyBase>) {
  const name = 'vigia_resilience_call_duration_seconds';
  return {
    name,
    help: 'Duration of calls through a policy (where it measures them)',
    type: 'histogram',
    aggregator: 'sum',
    reset() {},
    async get() {
      const values: Array<{ metricName: string; labels: Record<string, string | number>; value: number }> =
        [];
      for (const p of policies) {
        const h = p.stats.latency;
        if (h.count === 0) continue;
        const labels = { policy: p.name, kind: p.kind };
        let cumulative = 0;
        for (let i = 0; i < LATENCY_BUCKETS_MS.length; i++) {
          cumulative += h.counts[i]!;
          values.push({
            metricName: `${name}_bucket`,
            labels: { ...labels, le: LATENCY_BUCKETS_MS[i]! / 1000 },
            value: cumulative,
          });
        }
        values.push({ metricName: `${name}_bucket`, labels: { ...labels, le: '+Inf' }, value: h.count });
        values.push({ metricName: `${name}_sum`, labels, value: h.sum / 1000 });
        values.push({ metricName: `${name}_count`, labels, value: h.count });
      }
      return { name, help: this.help, type: 'histogram', aggregator: 'sum', values };
    },
  };
}
