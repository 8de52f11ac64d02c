/** What the view keeps: each monitor's service, dependencies and status. */
export interface DependencyState {
  monitors: Array<{ id: string; service: string; dependsOn: string[]; status: string }>;
}

/**
 * The service dependency graph from the monitor definitions (each monitor's service and the
 * services it depends on), with each monitor's status. A service is down when one of its
 * monitors is down.
 */
export class DependencyView {
  private readonly monitors = new Map<string, { service: string; dependsOn: string[]; status: string }>();

  setMonitor(monitorId: string, service: string, dependsOn: ReadonlyArray<string>): void {
    const status = this.monitors.get(monitorId)?.status ?? 'unknown';
    this.monitors.set(monitorId, { service, dependsOn: [...dependsOn], status });
  }

  removeMonitor(monitorId: string): void {
    this.monitors.delete(monitorId);
  }

  setMonitorStatus(monitorId: string, status: string): void {
    const monitor = this.monitors.get(monitorId);
    if (monitor) monitor.status = status;
    else this.monitors.set(monitorId, { service: '', dependsOn: [], status });
  }

  isDown(service: string): boolean {
    for (const m of this.monitors.values()) if (m.service === service && m.status === 'down') return true;
    return false;
  }

  /** The services `service` depends on (directly or not) that are down, nearest first; cycles are cut. */
  downDependenciesOf(service: string): Array<{ dependency: string; depth: number }> {
    const edges = this.edges();
    const down = new Set<string>();
    for (const m of this.monitors.values()) if (m.status === 'down') down.add(m.service);
    const found: Array<{ dependency: string; depth: number }> = [];
    const seen = new Set([service]);
    let frontier = [service];
    for (let depth = 1; frontier.length > 0; depth++) {
      const next: string[] = [];
      for (const from of frontier) {
        for (const to of [...(edges.get(from) ?? [])].sort()) {
          if (seen.has(to)) continue;
          seen.add(to);
          next.push(to);
          if (down.has(to)) found.push({ dependency: to, depth });
        }
      }
      frontier = next;
    }
    return found;
  }

  exportState(): DependencyState {
    return { monitors: [...this.monitors].map(([id, m]) => ({ id, ...m, dependsOn: [...m.dependsOn] })) };
  }

  importState(state: DependencyState | undefined): void {
    this.monitors.clear();
    for (const m of state?.monitors ?? []) {
      this.monitors.set(m.id, { service: m.service, dependsOn: [...m.dependsOn], status: m.status });
    }
  }

  private edges(): Map<string, Set<string>> {
    const edges = new Map<string, Set<string>>();
    for (const m of this.monitors.values()) {
      if (!m.service) continue;
      const set = edges.get(m.service) ?? new Set<string>();
      edges.set(m.service, set);
      for (const to of m.dependsOn) if (to !== m.service) set.add(to);
    }
    return edges;
  }
}
