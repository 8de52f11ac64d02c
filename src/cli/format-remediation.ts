import { formatDuration, type RemediationView, type StepStats } from '../healing/index.js';
import { cell, formatTable } from './format-table.js';

/** The healing read model's views, as the API returns them (JSON of the same shape). */
export type { RemediationView, StepStats } from '../healing/index.js';

/** `GET /api/remediations/:alertId`: the chain of events, the read model's row, the approval it waits on. */
export interface RemediationChain {
  alertId: string;
  remediation: RemediationView | null;
  pendingApproval: { step: string; approvers: string[]; expiresAt: string } | null;
  events: Array<{ type: string; at: string; actor: string | null; data: Record<string, unknown> }>;
}

/** `1m30s` to the second (milliseconds only below a second); `-` for none. */
export function healTime(ms: number | null): string {
  if (ms === null) return '-';
  return formatDuration(ms >= 1000 ? Math.round(ms / 1000) * 1000 : ms);
}

/** `1/2`: steps done (acted on, answered or notified) of the steps planned. */
function progress(r: RemediationView): string {
  const done = r.steps.filter((s) => s.state !== 'pending').length;
  return `${done}/${r.steps.length}`;
}

function notes(r: RemediationView): string {
  const parts = [r.dryRun ? 'dry run' : '', r.lastReason ?? ''].filter(Boolean);
  return parts.length ? parts.join('; ') : '-';
}

/** Remediations as a table; the full alert id, since people paste it into `show`, `approve`, `reject`. */
export function remediationTable(items: readonly RemediationView[]): string[] {
  return formatTable(
    ['ALERT', 'STATUS', 'RULE', 'TARGET', 'RUNBOOK', 'STEPS', 'STARTED', 'HEALED', 'NOTES'],
    items.map((r) => [
      r.alertId,
      r.status,
      cell(r.ruleName),
      cell(r.target),
      cell(r.runbookName ?? r.runbookId),
      progress(r),
      r.startedAt,
      healTime(r.healedInMs),
      notes(r),
    ]),
  );
}

/** Per rule and step: attempts, successes, success rate (a percentage) and median time to heal. */
export function stepStatsTable(stats: readonly StepStats[]): string[] {
  return formatTable(
    ['RULE', 'STEP', 'ATTEMPTS', 'SUCCESSES', 'RATE', 'MEDIAN-HEAL'],
    stats.map((s) => [
      s.ruleName,
      s.step,
      String(s.attempts),
      String(s.successes),
      `${Math.round(s.successRate * 100)}%`,
      healTime(s.medianHealMs),
    ]),
  );
}

/** An event's data in one cell: `key=value` pairs without the alert id, objects as JSON. */
function dataText(data: Record<string, unknown>): string {
  const parts = Object.entries(data ?? {})
    .filter(([key, value]) => key !== 'alertId' && value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  const text = parts.length ? parts.join(' ') : '-';
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

/** One remediation for people: where it stands, its steps, the approval it waits on, then its events. */
export function remediationDetails(chain: RemediationChain): string[] {
  const r = chain.remediation;
  const rows: Array<[string, string]> = [['alert', chain.alertId]];
  if (r) {
    rows.push(
      ['status', r.status],
      ['rule', cell(r.ruleName)],
      ['runbook', r.runbookName ? `${r.runbookName} (${r.runbookId})` : cell(r.runbookId)],
      ['target', cell(r.target)],
      ['dryRun', r.dryRun ? 'yes' : 'no'],
      ['startedAt', r.startedAt],
      ['endedAt', cell(r.endedAt)],
      ['healedIn', healTime(r.healedInMs)],
      ['reason', cell(r.lastReason)],
    );
  }
  const approval = chain.pendingApproval;
  rows.push([
    'waitingFor',
    approval
      ? `approval of step "${approval.step}" by ${approval.approvers.join(', ')} until ${approval.expiresAt}`
      : '-',
  ]);
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`);
  if (r) {
    lines.push('', 'Steps:');
    if (r.steps.length) {
      const table = formatTable(
        ['STEP', 'STATE'],
        r.steps.map((s) => [s.name, s.state]),
      );
      lines.push(...table.map((line) => `  ${line}`));
    } else lines.push('  (none)');
  }
  lines.push('', 'Events:');
  const table = formatTable(
    ['AT', 'TYPE', 'ACTOR', 'DETAIL'],
    chain.events.map((e) => [e.at, e.type, cell(e.actor), dataText(e.data)]),
  );
  lines.push(...table.map((line) => `  ${line}`));
  return lines;
}
