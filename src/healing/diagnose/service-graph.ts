import type { ServiceFacts, ServiceStatus } from './diagnosis-context.js';
import type { MonitorRecord } from './keeper-state.js';

const RANK: Record<ServiceStatus, number> = { unknown: 0, up: 1, degraded: 2, down: 3 };

/**
 * The services of the monitors, each with the union of its monitors' `dependsOn` and the worst of
 * their statuses (paused monitors count as unknown). Services only named as dependencies are
 * included with status `unknown`.
 */
export function serviceFactsOf(monitors: Iterable<MonitorRecord>): Map<string, ServiceFacts> {
  const services = new Map<string, ServiceFacts>();
  const facts = (service: string): ServiceFacts => {
    let found = services.get(service);
    if (!found) {
      found = { service, dependsOn: [], status: 'unknown', sinceMs: null, monitors: [] };
      services.set(service, found);
    }
    return found;
  };
  for (const monitor of monitors) {
    if (monitor.service === null) continue;
    const service = facts(monitor.service);
    for (const dependency of monitor.dependsOn) {
      if (dependency !== monitor.service && !service.dependsOn.includes(dependency))
        service.dependsOn.push(dependency);
    }
    service.monitors.push({
      monitorId: monitor.monitorId,
      name: monitor.name,
      status: monitor.status,
      sinceMs: monitor.sinceMs,
      ref: monitor.ref,
    });
  }
  for (const service of [...services.values()]) {
    service.dependsOn.sort();
    for (const dependency of service.dependsOn) facts(dependency);
    for (const monitor of service.monitors) {
      const status: ServiceStatus = monitor.status === 'paused' ? 'unknown' : monitor.status;
      if (RANK[status] > RANK[service.status]) {
        service.status = status;
        service.sinceMs = monitor.sinceMs;
      } else if (status === service.status && status !== 'unknown' && monitor.sinceMs !== null) {
        service.sinceMs =
          service.sinceMs === null ? monitor.sinceMs : Math.min(service.sinceMs, monitor.sinceMs);
      }
    }
  }
  return services;
}

/** A service reached from another through `dependsOn`, with the shortest path (`[from, …, service]`). */
export interface ReachedDependency {
  service: string;
  depth: number;
  path: string[];
}

/**
 * The services `from` depends on, directly or through others, each once at its shortest distance:
 * nearest first, then by name. Cycles end the walk; a service is never its own dependency.
 */
export function dependenciesOf(
  services: ReadonlyMap<string, ServiceFacts>,
  from: string,
): ReachedDependency[] {
  const found: ReachedDependency[] = [];
  const seen = new Set([from]);
  let frontier: ReachedDependency[] = [{ service: from, depth: 0, path: [from] }];
  while (frontier.length > 0) {
    const next: ReachedDependency[] = [];
    for (const node of frontier) {
      for (const to of services.get(node.service)?.dependsOn ?? []) {
        if (seen.has(to)) continue;
        seen.add(to);
        next.push({ service: to, depth: node.depth + 1, path: [...node.path, to] });
      }
    }
    next.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
    found.push(...next);
    frontier = next;
  }
  return found;
}
