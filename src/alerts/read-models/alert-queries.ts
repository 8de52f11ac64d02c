import type { EventStore, ProjectionRunner } from '../../events/index.js';
import { type CompiledMatcher, matchesAll } from '../../kernel/index.js';
import type { InhibitionCause, Severity } from '../alert-events.js';
import { AlertTables } from './alert-projection.js';

/** An alert occurrence as the API shows it. */
export interface AlertView {
  alertId: string;
  ruleId: string;
  ruleName: string;
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  severity: Severity;
  service: string;
  state: 'pending' | 'firing' | 'resolved';
  activeSince: string;
  firedAt: string | null;
  resolvedAt: string | null;
  value: number | null;
  acknowledged: { by: string; at: string } | null;
  silencedBy: string[];
  inhibitedBy: InhibitionCause[];
  flapping: boolean;
}

export interface TimelineEntry {
  type: string;
  at: string;
  actor: string | null;
  position: number;
  detail: Record<string, unknown>;
}

/** Which alerts a list asks for. `active` = pending or firing; `all` includes resolved (history). */
export interface AlertFilter {
  state: 'active' | 'pending' | 'firing' | 'resolved' | 'all';
  severity?: Severity;
  ruleId?: string;
  ruleName?: string;
  service?: string;
  matchers?: ReadonlyArray<CompiledMatcher>;
  /** Alerts active at or after / before these times (ms). */
  from?: number;
  to?: number;
  limit: number;
  /** From a previous page's `next`. */
  cursor?: string;
}

export const ALERT_CURSOR_PATTERN = '^[0-9]{1,16}:[0-9a-f-]{36}$';

interface AlertRow {
  alert_id: string;
  rule_id: string;
  rule_name: string;
  fingerprint: string;
  labels: string;
  annotations: string;
  severity: Severity;
  service: string;
  state: AlertView['state'];
  active_since: number | string;
  fired_at: number | string | null;
  resolved_at: number | string | null;
  value: number | null;
  acknowledged_by: string | null;
  acknowledged_at: number | string | null;
  silenced_by: string;
  inhibited_by: string;
  flapping: number;
}

/** Scanned per round trip when label matchers filter in memory. */
const SCAN_PAGE = 500;

/** Reads the alert read models: active alerts, history, one alert and its timeline. */
export class AlertQueries {
  constructor(
    private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
  ) {}

  /** A page of alerts, newest first (by when they became active), and the cursor of the next page. */
  async list(filter: AlertFilter): Promise<{ items: AlertView[]; next: string | null }> {
    const table = this.runner.table(AlertTables.alerts);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.state === 'active') where.push(`state IN ('pending', 'firing')`);
    else if (filter.state !== 'all') add('state = ?', filter.state);
    if (filter.severity) add('severity = ?', filter.severity);
    if (filter.ruleId) add('rule_id = ?', filter.ruleId);
    if (filter.ruleName) add('rule_name = ?', filter.ruleName);
    if (filter.service) add('service = ?', filter.service);
    if (filter.from !== undefined) add('(resolved_at IS NULL OR resolved_at >= ?)', filter.from);
    if (filter.to !== undefined) add('active_since < ?', filter.to);
    let cursor = filter.cursor ? parseCursor(filter.cursor) : undefined;
    const items: AlertView[] = [];
    for (;;) {
      const pageWhere = [...where];
      const pageParams = [...params];
      if (cursor) {
        pageParams.push(cursor.activeSince, cursor.alertId);
        pageWhere.push(
          `(active_since < $${pageParams.length - 1} OR (active_since = $${pageParams.length - 1} AND alert_id < $${pageParams.length}))`,
        );
      }
      const scan = filter.matchers?.length ? SCAN_PAGE : filter.limit + 1;
      pageParams.push(scan);
      const rows = await this.store.query<AlertRow>(
        `SELECT * FROM ${table} ${pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : ''}
         ORDER BY active_since DESC, alert_id DESC LIMIT $${pageParams.length}`,
        pageParams,
      );
      for (const row of rows) {
        const view = toView(row);
        cursor = { activeSince: Number(row.active_since), alertId: row.alert_id };
        if (filter.matchers && !matchesAll(filter.matchers, view.labels)) continue;
        if (items.length === filter.limit) {
          const last = items[items.length - 1]!;
          return { items, next: `${Date.parse(last.activeSince)}:${last.alertId}` };
        }
        items.push(view);
      }
      if (rows.length < scan) return { items, next: null };
    }
  }

  /** One alert occurrence, or undefined. */
  async get(alertId: string): Promise<AlertView | undefined> {
    const rows = await this.store.query<AlertRow>(
      `SELECT * FROM ${this.runner.table(AlertTables.alerts)} WHERE alert_id = $1`,
      [alertId],
    );
    return rows[0] ? toView(rows[0]) : undefined;
  }

  /** Everything that happened to an alert, in log order. */
  async timeline(alertId: string): Promise<TimelineEntry[]> {
    const rows = await this.store.query<{
      type: string;
      at: number | string;
      actor: string | null;
      position: number | string;
      detail: string;
    }>(
      `SELECT type, at, actor, position, detail FROM ${this.runner.table(AlertTables.timeline)}
       WHERE alert_id = $1 ORDER BY position`,
      [alertId],
    );
    return rows.map((r) => ({
      type: r.type,
      at: new Date(Number(r.at)).toISOString(),
      actor: r.actor,
      position: Number(r.position),
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    }));
  }

  /** Counts of active alerts by state and severity (the dashboard's summary). */
  async summary(): Promise<Array<{ state: string; severity: string; count: number }>> {
    const rows = await this.store.query<{ state: string; severity: string; n: number | string }>(
      `SELECT state, severity, count(*) AS n FROM ${this.runner.table(AlertTables.alerts)}
       WHERE state IN ('pending', 'firing') GROUP BY state, severity`,
    );
    return rows.map((r) => ({ state: r.state, severity: r.severity, count: Number(r.n) }));
  }
}

function parseCursor(cursor: string): { activeSince: number; alertId: string } {
  const at = cursor.indexOf(':');
  return { activeSince: Number(cursor.slice(0, at)), alertId: cursor.slice(at + 1) };
}

const iso = (ms: number | string | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

function toView(row: AlertRow): AlertView {
  return {
    alertId: row.alert_id,
    ruleId: row.rule_id,
    ruleName: row.rule_name,
    fingerprint: row.fingerprint,
    labels: JSON.parse(row.labels) as Record<string, string>,
    annotations: JSON.parse(row.annotations) as Record<string, string>,
    severity: row.severity,
    service: row.service,
    state: row.state,
    activeSince: iso(row.active_since)!,
    firedAt: iso(row.fired_at),
    resolvedAt: iso(row.resolved_at),
    value: row.value === null ? null : Number(row.value),
    acknowledged:
      row.acknowledged_by === null ? null : { by: row.acknowledged_by, at: iso(row.acknowledged_at)! },
    silencedBy: JSON.parse(row.silenced_by) as string[],
    inhibitedBy: JSON.parse(row.inhibited_by) as InhibitionCause[],
    flapping: Number(row.flapping) === 1,
  };
}
