import type { EventStore, ProjectionRunner } from '../../events/index.js';
import type { MonitorStatus } from '../monitor-events.js';
import { SERVICE_GRAPH_TABLE } from './service-graph-projection.js';

/** A service in the dependency graph. */
export interface ServiceNode {
  service: string;
  /** Monitors belonging to it; 0 for a service only named in some `dependsOn`. */
  monitors: number;
  /** Services it depends on directly, sorted. */
  dependsOn: string[];
  /** Services that depend on it directly, sorted. */
  dependents: string[];
}

/** The whole graph: nodes, edges (from depends on to) and any dependency cycles. */
export interface ServiceGraph {
  services: ServiceNode[];
  edges: Array<{ from: string; to: string }>;
  /** Each cycle once, as the services along it (a cycle is a configuration mistake worth showing). */
  cycles: string[][];
}

/** A node with the worst status of its monitors (from the status read model). */
export type ServiceNodeWithStatus = ServiceNode & { status: MonitorStatus };

/** Reads the dependency graph read model. */
export class ServiceGraphQueries {
  constructor(
    private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
  ) {}

  async graph(): Promise<ServiceGraph> {
    const rows = await this.store.query<{ service: string; depends_on: string }>(
      `SELECT service, depends_on FROM ${this.runner.table(SERVICE_GRAPH_TABLE)}`,
    );
    const nodes = new Map<string, { monitors: number; dependsOn: Set<string>; dependents: Set<string> }>();
    const node = (service: string) => {
      let found = nodes.get(service);
      if (!found) {
        found = { monitors: 0, dependsOn: new Set(), dependents: new Set() };
        nodes.set(service, found);
      }
      return found;
    };
    for (const row of rows) {
      const from = node(row.service);
      from.monitors += 1;
      for (const to of JSON.parse(row.depends_on) as string[]) {
        if (to === row.service) continue;
        from.dependsOn.add(to);
        node(to).dependents.add(row.service);
      }
    }
    const services = [...nodes.entries()]
      .sort(([a], [b]) => compare(a, b))
      .map(([service, n]) => ({
        service,
        monitors: n.monitors,
        dependsOn: [...n.dependsOn].sort(compare),
        dependents: [...n.dependents].sort(compare),
      }));
    const edges = services.flatMap((n) => n.dependsOn.map((to) => ({ from: n.service, to })));
    return { services, edges, cycles: findCycles(services) };
  }

  /** Every service `service` depends on, directly or through others (nearest first). */
  async upstreamOf(service: string): Promise<string[]> {
    const { services } = await this.graph();
    const byName = new Map(services.map((n) => [n.service, n]));
    const seen = new Set<string>([service]);
    const order: string[] = [];
    let frontier = [service];
    while (frontier.length > 0) {
      const next: string[] = [];
      for (const name of frontier) {
        for (const dependency of byName.get(name)?.dependsOn ?? []) {
          if (seen.has(dependency)) continue;
          seen.add(dependency);
          order.push(dependency);
          next.push(dependency);
        }
      }
      frontier = next;
    }
    return order;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The elementary cycles found by depth-first search, each reported once (rotated to start at its least name). */
function findCycles(services: ReadonlyArray<ServiceNode>): string[][] {
  const edges = new Map(services.map((n) => [n.service, n.dependsOn]));
  const cycles = new Map<string, string[]>();
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string) => {
    state.set(name, 'visiting');
    path.push(name);
    for (const next of edges.get(name) ?? []) {
      if (state.get(next) === 'visiting') {
        const cycle = path.slice(path.indexOf(next));
        const start = cycle.indexOf([...cycle].sort(compare)[0]!);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        cycles.set(rotated.join('→'), rotated);
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    path.pop();
    state.set(name, 'done');
  };
  for (const { service } of services) if (!state.has(service)) visit(service);
  return [...cycles.values()];
}
