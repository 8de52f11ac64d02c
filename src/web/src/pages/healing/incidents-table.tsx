import { onLinkClick } from '../../router.js';
import { incidentPath } from '../../routes.js';
import { formatAgo, formatTime } from '../../ui/format.js';
import type { IncidentRow } from './incident-rows.js';
import { timeToHeal } from './remediation-status.js';
import { StatusBadge } from './status-badge.js';

/** Incidents, newest first: rule, service, start, the alert's state, the remediation's status, time to heal. */
export function IncidentsTable({ rows, historyKnown }: { rows: IncidentRow[]; historyKnown: boolean }) {
  return (
    <div class="table-scroll">
      <table class="data incidents-table">
        <thead>
          <tr>
            <th scope="col">Alert rule</th>
            <th scope="col">Service</th>
            <th scope="col">Started</th>
            <th scope="col">Alert</th>
            <th scope="col">Remediation</th>
            <th scope="col">Time to heal</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.alertId}>
              <td>
                <a href={incidentPath(row.alertId)} onClick={onLinkClick}>
                  {row.ruleName || 'event-triggered runbook'}
                </a>
                {row.remediation?.runbookName && (
                  <div class="muted small">runbook {row.remediation.runbookName}</div>
                )}
              </td>
              <td>{row.target || '—'}</td>
              <td>
                <time dateTime={row.startedAt} title={formatTime(row.startedAt)}>
                  {formatAgo(row.startedAt)}
                </time>
              </td>
              <td>
                {row.alertState ? (
                  <span class={`alert-state-${row.alertState}`}>{row.alertState}</span>
                ) : (
                  <span class="muted">—</span>
                )}
              </td>
              <td>
                {historyKnown || row.remediation ? (
                  <StatusBadge status={row.remediation?.status} />
                ) : (
                  <span class="muted">unknown</span>
                )}
                {row.remediation?.dryRun && <span class="muted small"> (dry run)</span>}
              </td>
              <td>{timeToHeal(row.remediation)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
