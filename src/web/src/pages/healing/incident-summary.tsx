import { formatTime } from '../../ui/format.js';
import type { AlertDetail, RemediationView } from './healing-types.js';
import { timeToHeal } from './remediation-status.js';
import { StatusBadge } from './status-badge.js';

/** An incident at a glance: where healing stands, the alert's state and times, the runbook, time to heal. */
export function IncidentSummary({
  alert,
  remediation,
}: {
  alert: AlertDetail | null;
  remediation: RemediationView | null;
}) {
  const summary = alert?.annotations.summary;
  return (
    <>
      {summary && <p class="incident-lede">{summary}</p>}
      <dl class="facts incident-facts">
        <div>
          <dt>Remediation</dt>
          <dd>
            <StatusBadge status={remediation?.status} />
            {remediation?.dryRun && ' (dry run)'}
          </dd>
        </div>
        {alert && (
          <div>
            <dt>Alert</dt>
            <dd>
              <span class={`alert-state-${alert.state}`}>{alert.state}</span>, {alert.severity}
              {alert.acknowledged && `, acknowledged by ${alert.acknowledged.by}`}
            </dd>
          </div>
        )}
        <div>
          <dt>Started</dt>
          <dd>{formatTime(alert?.firedAt ?? alert?.activeSince ?? remediation?.startedAt)}</dd>
        </div>
        {alert?.resolvedAt && (
          <div>
            <dt>Resolved</dt>
            <dd>{formatTime(alert.resolvedAt)}</dd>
          </div>
        )}
        {remediation?.runbookName && (
          <div>
            <dt>Runbook</dt>
            <dd>{remediation.runbookName}</dd>
          </div>
        )}
        {remediation && (
          <div>
            <dt>Time to heal</dt>
            <dd>{timeToHeal(remediation)}</dd>
          </div>
        )}
        {remediation?.lastReason && (
          <div>
            <dt>Why</dt>
            <dd>{remediation.lastReason}</dd>
          </div>
        )}
      </dl>
    </>
  );
}
