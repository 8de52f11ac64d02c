import type { Projection, ProjectionTables, RecordedEvent, SqlTransaction } from '../../events/index.js';
import { HealingEvents } from '../healing-events.js';
import {
  creditSteps,
  foldRemediation,
  hasEnded,
  isRemediationEvent,
  type RemediationRecord,
  remediationKeyOf,
  type StepProgress,
} from '../learn/index.js';

export const HealingTables = {
  remediations: 'remediations',
  stepAttempts: 'remediation_step_attempts',
  /** The rule of each diagnosed alert: names the rule of a remediation whose events do not. */
  diagnoses: 'healing_diagnoses',
} as const;

/** A remediations row as the database returns it (BIGINT may come back as a string on PostgreSQL). */
export interface RemediationRow {
  alert_id: string;
  rule_name: string;
  runbook_id: string | null;
  runbook_name: string | null;
  target: string | null;
  status: RemediationRecord['status'];
  dry_run: number | string;
  steps: string;
  started_at: number | string;
  ended_at: number | string | null;
  healed_in_ms: number | string | null;
  last_reason: string | null;
}

/**
 * The healing read models: every remediation with where it stands (planned … healed, escalated),
 * and one row per step attempt of each finished remediation, credited by the same rule the
 * remediation loop learns from (creditSteps): success rates and time to heal per rule and step.
 */
export const healingProjection: Projection = {
  name: 'healing',
  version: 1,
  tables: Object.values(HealingTables),
  eventTypePrefixes: ['healing.'],
  async setup(tx: SqlTransaction, t: ProjectionTables) {
    const remediations = t.table(HealingTables.remediations);
    await tx.execute(`CREATE TABLE ${remediations} (
      alert_id TEXT PRIMARY KEY, rule_name TEXT NOT NULL, runbook_id TEXT, runbook_name TEXT, target TEXT,
      status TEXT NOT NULL, dry_run INTEGER NOT NULL, steps TEXT NOT NULL, started_at BIGINT NOT NULL,
      ended_at BIGINT, healed_in_ms BIGINT, last_reason TEXT)`);
    await tx.execute(`CREATE INDEX ${remediations}_started ON ${remediations} (started_at, alert_id)`);
    await tx.execute(`CREATE INDEX ${remediations}_status ON ${remediations} (status, started_at)`);
    await tx.execute(`CREATE INDEX ${remediations}_rule ON ${remediations} (rule_name, started_at)`);
    const attempts = t.table(HealingTables.stepAttempts);
    await tx.execute(`CREATE TABLE ${attempts} (
      alert_id TEXT NOT NULL, rule_name TEXT NOT NULL, step TEXT NOT NULL, succeeded INTEGER NOT NULL,
      healed_in_ms BIGINT, ended_at BIGINT NOT NULL, PRIMARY KEY (alert_id, step))`);
    await tx.execute(`CREATE INDEX ${attempts}_rule ON ${attempts} (rule_name, step)`);
    await tx.execute(`CREATE TABLE ${t.table(HealingTables.diagnoses)} (
      alert_id TEXT PRIMARY KEY, rule_name TEXT NOT NULL)`);
  },
  async apply(events: ReadonlyArray<RecordedEvent>, tx: SqlTransaction, t: ProjectionTables) {
    // The remediations this batch touches, read once and written once at the end.
    const batch = new Map<string, { record: RemediationRecord | undefined; changed: boolean }>();
    for (const event of events) {
      const key = remediationKeyOf(event);
      if (key === undefined) continue;
      if (event.type === HealingEvents.diagnosed) {
        await recordDiagnosis(tx, t, key, event.data);
        continue;
      }
      if (!isRemediationEvent(event)) continue;
      const entry = batch.get(key) ?? { record: await loadRecord(tx, t, key), changed: false };
      batch.set(key, entry);
      const before = entry.record;
      const after = foldRemediation(before, event);
      if (after === before || after === undefined) continue;
      if (!after.ruleName) after.ruleName = await diagnosedRule(tx, t, key);
      entry.record = after;
      entry.changed = true;
      if (!hasEnded(before) && hasEnded(after)) await recordCredits(tx, t, after);
    }
    for (const { record, changed } of batch.values()) {
      if (record && changed) await saveRecord(tx, t, record);
    }
  },
};

async function recordDiagnosis(tx: SqlTransaction, t: ProjectionTables, alertId: string, data: unknown) {
  const ruleName = (data as { ruleName?: unknown } | null)?.ruleName;
  if (typeof ruleName !== 'string' || !ruleName) return;
  await tx.execute(
    `INSERT INTO ${t.table(HealingTables.diagnoses)} (alert_id, rule_name) VALUES ($1, $2)
     ON CONFLICT (alert_id) DO NOTHING`,
    [alertId, ruleName],
  );
}

async function diagnosedRule(tx: SqlTransaction, t: ProjectionTables, alertId: string): Promise<string> {
  const rows = await tx.query<{ rule_name: string }>(
    `SELECT rule_name FROM ${t.table(HealingTables.diagnoses)} WHERE alert_id = $1`,
    [alertId],
  );
  return rows[0]?.rule_name ?? '';
}

async function recordCredits(tx: SqlTransaction, t: ProjectionTables, record: RemediationRecord) {
  for (const credit of creditSteps(record)) {
    await tx.execute(
      `INSERT INTO ${t.table(HealingTables.stepAttempts)} (alert_id, rule_name, step, succeeded, healed_in_ms, ended_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (alert_id, step) DO NOTHING`,
      [
        credit.alertId,
        credit.ruleName,
        credit.step,
        credit.succeeded ? 1 : 0,
        credit.healedInMs === null ? null : Math.round(credit.healedInMs),
        record.endedAt,
      ],
    );
  }
}

async function loadRecord(
  tx: SqlTransaction,
  t: ProjectionTables,
  alertId: string,
): Promise<RemediationRecord | undefined> {
  const rows = await tx.query<RemediationRow>(
    `SELECT * FROM ${t.table(HealingTables.remediations)} WHERE alert_id = $1`,
    [alertId],
  );
  return rows[0] ? recordOf(rows[0]) : undefined;
}

async function saveRecord(tx: SqlTransaction, t: ProjectionTables, r: RemediationRecord): Promise<void> {
  await tx.execute(
    `INSERT INTO ${t.table(HealingTables.remediations)} (alert_id, rule_name, runbook_id, runbook_name, target,
       status, dry_run, steps, started_at, ended_at, healed_in_ms, last_reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (alert_id) DO UPDATE SET rule_name = excluded.rule_name, runbook_id = excluded.runbook_id,
       runbook_name = excluded.runbook_name, target = excluded.target, status = excluded.status,
       dry_run = excluded.dry_run, steps = excluded.steps, ended_at = excluded.ended_at,
       healed_in_ms = excluded.healed_in_ms, last_reason = excluded.last_reason`,
    [
      r.alertId,
      r.ruleName,
      r.runbookId,
      r.runbookName,
      r.target,
      r.status,
      r.dryRun ? 1 : 0,
      JSON.stringify(r.steps),
      r.startedAt,
      r.endedAt,
      r.healedInMs === null ? null : Math.round(r.healedInMs),
      r.lastReason,
    ],
  );
}

const numberOrNull = (value: number | string | null) => (value === null ? null : Number(value));

/** The record a row holds (the fold goes on from it). */
export function recordOf(row: RemediationRow): RemediationRecord {
  return {
    alertId: row.alert_id,
    ruleName: row.rule_name,
    runbookId: row.runbook_id,
    runbookName: row.runbook_name,
    target: row.target,
    status: row.status,
    dryRun: Number(row.dry_run) === 1,
    steps: JSON.parse(row.steps) as StepProgress[],
    startedAt: Number(row.started_at),
    endedAt: numberOrNull(row.ended_at),
    healedInMs: numberOrNull(row.healed_in_ms),
    lastReason: row.last_reason,
  };
}
