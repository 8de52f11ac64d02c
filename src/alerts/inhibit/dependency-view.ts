import { VigiaError } from '../../kernel/index.js';

/** What the view keeps, as JSON: each monitor's service (null until its definition is known), dependencies and status. */
export interface DependencyState {
  monitors: Array<{ id: string; service: string | null; dependsOn: string[]; status: string }>;
}

/** A saved dependency state that is not of the shape `exportState` writes. */
export class DependencyStateError extends VigiaError {
  constructor(reason: string) {
    super('DEPENDENCY_STATE_INVALID', `saved dependency state is not readable: ${reason}`);
  }
}

interface MonitorFacts {
  service: string | null;
  dependsOn: string[];
  status: string;
}

export interface DownDependency {
  dependency: string;
  /** 1 = a direct dependency, 2 = a dependency of one, … */
  depth: number;
}

/**
 * The service dependency graph from the monitor definitions (each monitor's service and the
 * services it depends on), with each monitor's status. A service is down when any of its
 * monitors is `down`. Statuses may arrive before definitions; answers are cached until a change.
 */
export class DependencyView {
  private readonly monitors = new Map<string, MonitorFacts>();
  private edges: Map<string, string[]> | undefined;
  private down: Set<string> | undefined;
  private readonly answers = new Map<string, DownDependency[]>();

  /** Records (or replaces) a monitor's service and the services it depends on. */
  setMonitor(monitorId: string, service: string, dependsOn: ReadonlyArray<string>): void {
    const status = this.monitors.get(monitorId)?.status ?? 'unknown';
    this.monitors.set(monitorId, { service: service || null, dependsOn: [...dependsOn], status });
    this.changed();
  }

  /** Forgets a monitor (its definition was removed). */
  removeMonitor(monitorId: string): void {
    if (this.monitors.delete(monitorId)) this.changed();
  }

  /** Records a monitor's status: `up`, `down`, `degraded`, `paused` or `unknown` (only `down` counts). */
  setMonitorStatus(monitorId: string, status: string): void {
    const monitor = this.monitors.get(monitorId);
    if (monitor?.status === status) return;
    if (monitor) monitor.status = status;
    else this.monitors.set(monitorId, { service: null, dependsOn: [], status });
    this.changed();
  }

  /** Whether any monitor of `service` is down. */
  isDown(service: string): boolean {
    return this.downServices().has(service);
  }

  /**
   * The services `service` depends on, directly or through others, that are down: nearest first
   * (then by name). Each appears once, at its shortest distance; cycles end the walk, and a
   * service is never its own dependency.
   */
  downDependenciesOf(service: string): DownDependency[] {
    let answer = this.answers.get(service);
    if (!answer) {
      answer = this.walk(service);
      this.answers.set(service, answer);
    }
    return answer.map((d) => ({ ...d }));
  }

  /** The state as JSON, for a snapshot. */
  exportState(): DependencyState {
    return {
      monitors: [...this.monitors].map(([id, m]) => ({
        id,
        service: m.service,
        dependsOn: [...m.dependsOn],
        status: m.status,
      })),
    };
  }

  /** Replaces the state with one from `exportState` (undefined: empty). */
  importState(state: DependencyState | undefined): void {
    const monitors = readState(state);
    this.monitors.clear();
    for (const [id, facts] of monitors) this.monitors.set(id, facts);
    this.changed();
  }

  private walk(service: string): DownDependency[] {
    const edges = this.graph();
    const down = this.downServices();
    const found: DownDependency[] = [];
    const seen = new Set([service]);
    let frontier = [service];
    for (let depth = 1; frontier.length > 0; depth++) {
      const next: string[] = [];
      for (const from of frontier) {
        for (const to of edges.get(from) ?? []) {
          if (seen.has(to)) continue;
          seen.add(to);
          next.push(to);
        }
      }
      next.sort();
      for (const to of next) if (down.has(to)) found.push({ dependency: to, depth });
      frontier = next;
    }
    return found;
  }

  private graph(): Map<string, string[]> {
    if (this.edges) return this.edges;
    const sets = new Map<string, Set<string>>();
    for (const m of this.monitors.values()) {
      if (m.service === null) continue;
      const set = sets.get(m.service) ?? new Set<string>();
      sets.set(m.service, set);
      for (const to of m.dependsOn) set.add(to);
    }
    this.edges = new Map([...sets].map(([from, to]) => [from, [...to]]));
    return this.edges;
  }

  private downServices(): Set<string> {
    if (this.down) return this.down;
    this.down = new Set();
    for (const m of this.monitors.values())
      if (m.status === 'down' && m.service !== null) this.down.add(m.service);
    return this.down;
  }

  private changed(): void {
    this.edges = undefined;
    this.down = undefined;
    this.answers.clear();
  }
}

function readState(state: unknown): Map<string, MonitorFacts> {
  const monitors = new Map<string, MonitorFacts>();
  if (state === undefined) return monitors;
  const list = (state as { monitors?: unknown } | null)?.monitors;
  if (!Array.isArray(list)) throw new DependencyStateError('expected { monitors: [...] }');
  for (const [index, entry] of list.entries()) {
    const m = entry as Partial<Record<keyof DependencyState['monitors'][number], unknown>> | null;
    const valid =
      typeof m?.id === 'string' &&
      (m.service === null || typeof m.service === 'string') &&
      Array.isArray(m.dependsOn) &&
      m.dependsOn.every((d) => typeof d === 'string') &&
      typeof m.status === 'string';
    if (!valid)
      throw new DependencyStateError(`monitors[${index}] is not { id, service, dependsOn, status }`);
    monitors.set(m.id as string, {
      service: (m.service as string | null) || null,
      dependsOn: [...(m.dependsOn as string[])],
      status: m.status as string,
    });
  }
  return monitors;
}
