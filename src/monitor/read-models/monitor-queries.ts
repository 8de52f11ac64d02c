import type { EventStore, ProjectionRunner } from '../../events/index.js';
import type { Clock } from '../../kernel/index.js';
import { LatencyHistogram, uptimePercent } from '../ingest/index.js';
import type { MonitorStatus } from '../monitor-events.js';
import { MonitorTables } from './monitor-status-projection.js';

export interface MonitorStatusView {
  monitorId: string;
  monitor: string;
  service: string;
  kind: string;
  status: MonitorStatus;
  since: string;
  lastCheckAt: string | null;
  lastLatencyMs: number | null;
  lastMessage: string;
  checks: number;
}

export interface ServiceStatusView {
  service: string;
  /** The worst status of its monitors: down > degraded > up > unknown > paused. */
  status: MonitorStatus;
  monitors: number;
  byStatus: Partial<Record<MonitorStatus, number>>;
}

export interface LatencyPoint {
  minute: string;
  checks: number;
  /** Checks of the step by outcome (they add up to `checks`). */
  up: number;
  degraded: number;
  down: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface IncidentView {
  incidentId: string;
  monitorId: string;
  monitor: string;
  service: string;
  startedAt: string;
  endedAt: string | null;
  durationMs: number;
  message: string;
}

/** How many monitors are in each status, and how many services have each as their worst status. */
export interface StatusSummary {
  monitors: StatusCounts;
  services: StatusCounts;
}

export type StatusCounts = Record<MonitorStatus | 'total', number>;

interface StatusRow {
  monitor_id: string;
  monitor: string;
  service: string;
  kind: string;
  status: MonitorStatus;
  since: number | string;
  last_check_at: number | string | null;
  last_latency_ms: number | null;
  last_message: string;
  checks: number | string;
}

const SEVERITY: MonitorStatus[] = ['paused', 'unknown', 'up', 'degraded', 'down'];
const iso = (ms: number | string | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
export const UPTIME_WINDOWS = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;

/** Reads the monitor read models: statuses, services, uptime, latency percentiles, incidents. */
export class MonitorQueries {
  constructor(
    private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly clock: Clock,
  ) {}

  /**
   * Monitor statuses, filtered and paged by monitor id. `q` keeps the monitors whose name contains
   * it, ignoring case (ASCII letters on SQLite, all letters on PostgreSQL).
   */
  async statuses(options: {
    service?: string;
    status?: string;
    q?: string;
    after?: string;
    limit: number;
  }): Promise<{ items: MonitorStatusView[]; next: string | null }> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (options.service) where.push(`service = $${params.push(options.service)}`);
    if (options.status) where.push(`status = $${params.push(options.status)}`);
    if (options.q) {
      where.push(`lower(monitor) LIKE $${params.push(containsPattern(options.q.toLowerCase()))} ESCAPE '\\'`);
    }
    if (options.after) where.push(`monitor_id > $${params.push(options.after)}`);
    const rows = await this.store.query<StatusRow>(
      `SELECT * FROM ${this.runner.table(MonitorTables.status)}
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY monitor_id LIMIT $${params.push(options.limit + 1)}`,
      params,
    );
    const items = rows.slice(0, options.limit).map(toStatusView);
    return { items, next: rows.length > options.limit ? items[items.length - 1]!.monitorId : null };
  }

  async status(monitorId: string): Promise<MonitorStatusView | undefined> {
    const rows = await this.store.query<StatusRow>(
      `SELECT * FROM ${this.runner.table(MonitorTables.status)} WHERE monitor_id = $1`,
      [monitorId],
    );
    return rows[0] ? toStatusView(rows[0]) : undefined;
  }

  /** Every status, a page at a time (for seeding at start). */
  async *allStatuses(): AsyncGenerator<MonitorStatusView> {
    let after: string | undefined;
    for (;;) {
      const page = await this.statuses({ after, limit: 1000 });
      yield* page.items;
      if (!page.next) return;
      after = page.next;
    }
  }

  /** One page of services (by name), optionally only those whose worst status is `status`. */
  async servicePage(options: {
    status?: string;
    after?: string;
    limit: number;
  }): Promise<{ items: ServiceStatusView[]; next: string | null }> {
    const all = await this.services(options.after);
    const matching = options.status ? all.filter((view) => view.status === options.status) : all;
    const items = matching.slice(0, options.limit);
    return { items, next: matching.length > options.limit ? items[items.length - 1]!.service : null };
  }

  /** Each service's worst status and its monitors by status, by name (after `after`, when given). */
  async services(after?: string): Promise<ServiceStatusView[]> {
    const rows = await this.store.query<{ service: string; status: MonitorStatus; n: number | string }>(
      `SELECT service, status, count(*) AS n FROM ${this.runner.table(MonitorTables.status)}
       ${after === undefined ? '' : 'WHERE service > $1'} GROUP BY service, status ORDER BY service`,
      after === undefined ? [] : [after],
    );
    const services = new Map<string, ServiceStatusView>();
    for (const row of rows) {
      let view = services.get(row.service);
      if (!view) {
        view = { service: row.service, status: 'paused', monitors: 0, byStatus: {} };
        services.set(row.service, view);
      }
      view.monitors += Number(row.n);
      view.byStatus[row.status] = Number(row.n);
      if (SEVERITY.indexOf(row.status) > SEVERITY.indexOf(view.status)) view.status = row.status;
    }
    return [...services.values()];
  }

  /**
   * Monitors by status, and services by their worst status (down > degraded > up > unknown > paused),
   * counted by the database.
   */
  async summary(): Promise<StatusSummary> {
    const table = this.runner.table(MonitorTables.status);
    const rank = SEVERITY.map((status, i) => `WHEN '${status}' THEN ${i}`).join(' ');
    const [monitors, services] = await Promise.all([
      this.store.query<{ status: MonitorStatus; n: number | string }>(
        `SELECT status, count(*) AS n FROM ${table} GROUP BY status`,
      ),
      this.store.query<{ worst: number | string; n: number | string }>(
        `SELECT worst, count(*) AS n FROM (
           SELECT service, max(CASE status ${rank} ELSE 0 END) AS worst FROM ${table} GROUP BY service
         ) AS by_service GROUP BY worst`,
      ),
    ]);
    return {
      monitors: statusCounts(monitors.map((row) => [row.status, Number(row.n)])),
      services: statusCounts(
        services.map((row) => [SEVERITY[Number(row.worst)] ?? 'paused', Number(row.n)] as const),
      ),
    };
  }

  /** Uptime % over the last 24 h, 7 d and 30 d (degraded counts as up; null without checks). */
  async uptime(monitorId: string): Promise<Record<keyof typeof UPTIME_WINDOWS, number | null>> {
    const now = this.clock.now();
    const out = {} as Record<keyof typeof UPTIME_WINDOWS, number | null>;
    for (const [name, span] of Object.entries(UPTIME_WINDOWS) as Array<
      [keyof typeof UPTIME_WINDOWS, number]
    >) {
      const rows = await this.store.query<{
        up: number | null;
        degraded: number | null;
        down: number | null;
      }>(
        `SELECT sum(up) AS up, sum(degraded) AS degraded, sum(down) AS down
         FROM ${this.runner.table(MonitorTables.minutes)} WHERE monitor_id = $1 AND minute >= $2`,
        [monitorId, now - span],
      );
      const row = rows[0];
      const counts = {
        up: Number(row?.up ?? 0),
        degraded: Number(row?.degraded ?? 0),
        down: Number(row?.down ?? 0),
      };
      out[name] = uptimePercent(counts) ?? null;
    }
    return out;
  }

  /** Latency percentiles per step (1 minute or more) between two times. */
  async latency(monitorId: string, from: number, to: number, stepMinutes = 1): Promise<LatencyPoint[]> {
    const rows = await this.store.query<{
      minute: number | string;
      up: number | string;
      degraded: number | string;
      down: number | string;
      latency: string;
    }>(
      `SELECT minute, up, degraded, down, latency FROM ${this.runner.table(MonitorTables.minutes)}
       WHERE monitor_id = $1 AND minute >= $2 AND minute < $3 ORDER BY minute`,
      [monitorId, from, to],
    );
    const step = stepMinutes * 60_000;
    const buckets = new Map<number, { h: LatencyHistogram; up: number; degraded: number; down: number }>();
    for (const row of rows) {
      const start = Math.floor(Number(row.minute) / step) * step;
      const histogram = LatencyHistogram.fromJSON(JSON.parse(row.latency));
      let bucket = buckets.get(start);
      if (bucket) bucket.h.merge(histogram);
      else {
        bucket = { h: histogram, up: 0, degraded: 0, down: 0 };
        buckets.set(start, bucket);
      }
      bucket.up += Number(row.up);
      bucket.degraded += Number(row.degraded);
      bucket.down += Number(row.down);
    }
    return [...buckets].map(([start, { h, up, degraded, down }]) => ({
      minute: new Date(start).toISOString(),
      checks: h.count,
      up,
      degraded,
      down,
      p50: h.percentile(50) ?? null,
      p95: h.percentile(95) ?? null,
      p99: h.percentile(99) ?? null,
    }));
  }

  /**
   * Down periods, newest first, optionally of one service or only the open ones; `next` is the
   * cursor (`before`) of the following page.
   */
  async incidents(options: {
    service?: string;
    open?: boolean;
    before?: string;
    limit: number;
  }): Promise<{ items: IncidentView[]; next: string | null }> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (options.service) where.push(`service = $${params.push(options.service)}`);
    if (options.open) where.push('ended_at IS NULL');
    if (options.before) {
      const cursor = parseIncidentCursor(options.before);
      const at = `$${params.push(cursor.startedAt)}`;
      where.push(`(started_at < ${at} OR (started_at = ${at} AND incident_id < $${params.push(cursor.id)}))`);
    }
    const rows = await this.store.query<{
      incident_id: string;
      monitor_id: string;
      monitor: string;
      service: string;
      started_at: number | string;
      ended_at: number | string | null;
      message: string;
    }>(
      `SELECT * FROM ${this.runner.table(MonitorTables.incidents)} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY started_at DESC, incident_id DESC LIMIT $${params.push(options.limit + 1)}`,
      params,
    );
    const now = this.clock.now();
    const page = rows.slice(0, options.limit);
    const last = page[page.length - 1];
    const next =
      rows.length > options.limit && last ? `${Number(last.started_at)}_${last.incident_id}` : null;
    const items = page.map((r) => ({
      incidentId: r.incident_id,
      monitorId: r.monitor_id,
      monitor: r.monitor,
      service: r.service,
      startedAt: iso(r.started_at)!,
      endedAt: iso(r.ended_at),
      durationMs: (r.ended_at === null ? now : Number(r.ended_at)) - Number(r.started_at),
      message: r.message,
    }));
    return { items, next };
  }
}

/** Incident cursors are `<startedAt ms>_<incident id>`; the route checks their shape first. */
export const INCIDENT_CURSOR_PATTERN = '^[0-9]{1,16}_[0-9a-f-]{36}$';

function parseIncidentCursor(cursor: string): { startedAt: number; id: string } {
  const at = cursor.indexOf('_');
  return { startedAt: Number(cursor.slice(0, at)), id: cursor.slice(at + 1) };
}

/** A LIKE pattern for "contains `text`", its `%`, `_` and backslash taken literally (ESCAPE backslash). */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function statusCounts(rows: ReadonlyArray<readonly [MonitorStatus, number]>): StatusCounts {
  const counts: StatusCounts = { total: 0, up: 0, down: 0, degraded: 0, unknown: 0, paused: 0 };
  for (const [status, n] of rows) {
    counts[status] += n;
    counts.total += n;
  }
  return counts;
}

function toStatusView(row: StatusRow): MonitorStatusView {
  return {
    monitorId: row.monitor_id,
    monitor: row.monitor,
    service: row.service,
    kind: row.kind,
    status: row.status,
    since: iso(row.since)!,
    lastCheckAt: iso(row.last_check_at),
    lastLatencyMs: row.last_latency_ms === null ? null : Number(row.last_latency_ms),
    lastMessage: row.last_message,
    checks: Number(row.checks),
  };
}
