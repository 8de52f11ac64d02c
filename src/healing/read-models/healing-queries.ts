import type { EventStore, ProjectionTables } from '../../events/index.js';
import { median, type RemediationPhase, type StepProgress } from '../learn/index.js';
import { HealingTables, type RemediationRow, recordOf } from './healing-projection.js';

/** A remediation as the API shows it. */
export interface RemediationView {
  alertId: string;
  ruleName: string;
  runbookId: string | null;
  runbookName: string | null;
  target: string | null;
  status: RemediationPhase;
  dryRun: boolean;
  steps: StepProgress[];
  startedAt: string;
  endedAt: string | null;
  healedInMs: number | null;
  /** Why it escalated (or did not heal), when it did. */
  lastReason: string | null;
}

/** Which remediations a list asks for. */
export interface RemediationFilter {
  status?: RemediationPhase;
  target?: string;
  ruleName?: string;
  limit: number;
  /** From a previous page's `next`. */
  cursor?: string;
}

/** How one step of one rule did over the finished remediations that ran it. */
export interface StepStats {
  ruleName: string;
  step: string;
  attempts: number;
  successes: number;
  /** successes ÷ attempts (not smoothed). */
  successRate: number;
  /** Median time from plan to healed over the remediations this step healed; null when it never did. */
  medianHealMs: number | null;
}

/** `<startedAt ms>:<remediation id>`, as `next` gives it. */
export const REMEDIATION_CURSOR_PATTERN = '^[0-9]{1,16}:[A-Za-z0-9._:-]{1,200}$';

/** Reads the healing read models: remediations (newest first) and per (rule, step) statistics. */
export class HealingQueries {
  constructor(
    private readonly store: EventStore,
    private readonly tables: ProjectionTables,
  ) {}

  /** A page of remediations, newest first (by when they were planned), and the cursor of the next page. */
  async list(filter: RemediationFilter): Promise<{ items: RemediationView[]; next: string | null }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      let text = sql;
      for (const value of values) {
        params.push(value);
        text = text.replace('?', `$${params.length}`);
      }
      where.push(text);
    };
    if (filter.status) add('status = ?', filter.status);
    if (filter.target) add('target = ?', filter.target);
    if (filter.ruleName) add('rule_name = ?', filter.ruleName);
    if (filter.cursor) {
      const { startedAt, alertId } = parseCursor(filter.cursor);
      add('(started_at < ? OR (started_at = ? AND alert_id < ?))', startedAt, startedAt, alertId);
    }
    params.push(filter.limit + 1);
    const rows = await this.store.query<RemediationRow>(
      `SELECT * FROM ${this.tables.table(HealingTables.remediations)}
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY started_at DESC, alert_id DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, filter.limit).map(toView);
    const last = rows.length > filter.limit ? items[items.length - 1] : undefined;
    return { items, next: last ? `${Date.parse(last.startedAt)}:${last.alertId}` : null };
  }

  /** One remediation, or undefined. */
  async get(alertId: string): Promise<RemediationView | undefined> {
    const rows = await this.store.query<RemediationRow>(
      `SELECT * FROM ${this.tables.table(HealingTables.remediations)} WHERE alert_id = $1`,
      [alertId],
    );
    return rows[0] ? toView(rows[0]) : undefined;
  }

  /** Attempts, successes, success rate and median time to heal per (rule, step), ordered by rule then step. */
  async stats(filter: { ruleName?: string } = {}): Promise<StepStats[]> {
    const table = this.tables.table(HealingTables.stepAttempts);
    const byRule = filter.ruleName ? 'WHERE rule_name = $1' : '';
    const params = filter.ruleName ? [filter.ruleName] : [];
    const counts = await this.store.query<{
      rule_name: string;
      step: string;
      attempts: number | string;
      successes: number | string | null;
    }>(
      `SELECT rule_name, step, count(*) AS attempts, sum(succeeded) AS successes FROM ${table} ${byRule}
       GROUP BY rule_name, step ORDER BY rule_name, step`,
      params,
    );
    // Medians in TypeScript: SQLite has no median, and this stays the same on PostgreSQL.
    const times = await this.store.query<{ rule_name: string; step: string; healed_in_ms: number | string }>(
      `SELECT rule_name, step, healed_in_ms FROM ${table}
       WHERE succeeded = 1 AND healed_in_ms IS NOT NULL ${filter.ruleName ? 'AND rule_name = $1' : ''}`,
      params,
    );
    const healTimes = new Map<string, number[]>();
    for (const row of times) {
      const key = JSON.stringify([row.rule_name, row.step]);
      healTimes.set(key, [...(healTimes.get(key) ?? []), Number(row.healed_in_ms)]);
    }
    return counts.map((row) => {
      const attempts = Number(row.attempts);
      const successes = Number(row.successes ?? 0);
      return {
        ruleName: row.rule_name,
        step: row.step,
        attempts,
        successes,
        successRate: attempts > 0 ? successes / attempts : 0,
        medianHealMs: median(healTimes.get(JSON.stringify([row.rule_name, row.step])) ?? []),
      };
    });
  }
}

function parseCursor(cursor: string): { startedAt: number; alertId: string } {
  const at = cursor.indexOf(':');
  return { startedAt: Number(cursor.slice(0, at)), alertId: cursor.slice(at + 1) };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function toView(row: RemediationRow): RemediationView {
  const r = recordOf(row);
  return {
    alertId: r.alertId,
    ruleName: r.ruleName,
    runbookId: r.runbookId,
    runbookName: r.runbookName,
    target: r.target,
    status: r.status,
    dryRun: r.dryRun,
    steps: r.steps,
    startedAt: iso(r.startedAt)!,
    endedAt: iso(r.endedAt),
    healedInMs: r.healedInMs,
    lastReason: r.lastReason,
  };
}
