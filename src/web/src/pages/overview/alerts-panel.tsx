import { api } from '../../api.js';
import { useLiveReload } from '../../live/use-live-reload.js';
import { onLinkClick, withQuery } from '../../router.js';
import { incidentPath } from '../../routes.js';
import { ErrorMessage } from '../../ui/error-message.js';
import { formatAgo } from '../../ui/format.js';
import { useApi } from '../../ui/use-api.js';
import { isRemediationPhase, statusLabel } from '../healing/remediation-status.js';
import { activeBySeverity, SEVERITIES } from './overview-model.js';

interface OpenAlert {
  alertId: string;
  ruleName: string;
  severity: string;
  service: string;
  state: string;
  activeSince: string;
  acknowledged: { by: string } | null;
  silencedBy: string[];
  inhibitedBy: unknown[];
}

interface AlertsView {
  counts: ReturnType<typeof activeBySeverity>;
  open: OpenAlert[];
  healing: Map<string, string>;
}

const SHOWN = 10;

async function loadAlerts(): Promise<AlertsView> {
  const [summary, firing, remediations] = await Promise.all([
    api<{ counts: Array<{ state: string; severity: string; count: number }> }>('GET', '/api/alerts/summary'),
    api<{ alerts: OpenAlert[] }>('GET', withQuery('/api/alerts', { state: 'firing', limit: SHOWN })),
    api<{ remediations: Array<{ alertId: string; status: string }> }>(
      'GET',
      '/api/remediations?limit=100',
    ).catch(() => ({ remediations: [] })),
  ]);
  return {
    counts: activeBySeverity(summary.counts),
    open: firing.alerts,
    healing: new Map(remediations.remediations.map((r) => [r.alertId, r.status])),
  };
}

/** Active alerts by severity, and the open incidents (firing alerts) with where their healing stands. */
export function AlertsPanel() {
  const alerts = useApi('alerts', loadAlerts);
  useLiveReload(['alerts.alert_', 'healing.'], alerts.reload);
  if (!alerts.data) {
    return alerts.error ? <ErrorMessage error={alerts.error} /> : <p aria-busy="true">Loading alerts…</p>;
  }
  const { counts, open, healing } = alerts.data;
  return (
    <section aria-labelledby="open-incidents" class="panel">
      <h2 id="active-alerts">Active alerts</h2>
      <dl class="counts" aria-labelledby="active-alerts">
        {SEVERITIES.map((severity) => (
          <div key={severity} class={`count severity-${severity}`}>
            <dt>{severity}</dt>
            <dd>
              <a href={withQuery('/alerts', { severity })} onClick={onLinkClick}>
                {counts[severity]}
              </a>
            </dd>
          </div>
        ))}
      </dl>
      <h2 id="open-incidents">Open incidents</h2>
      {open.length === 0 ? (
        <p>No alert is firing.</p>
      ) : (
        <ul class="incidents">
          {open.map((alert) => (
            <li key={alert.alertId} class={`severity-${alert.severity}`}>
              <a href={incidentPath(alert.alertId)} onClick={onLinkClick}>
                <strong>{alert.ruleName}</strong> on {alert.service || 'the fleet'}
              </a>{' '}
              <span class="muted">
                {alert.severity} · firing since {formatAgo(alert.activeSince)}
                {alert.acknowledged ? ` · acknowledged by ${alert.acknowledged.by}` : ''}
                {alert.silencedBy.length > 0 ? ' · silenced' : ''}
                {alert.inhibitedBy.length > 0 ? ' · inhibited' : ''}
              </span>{' '}
              <span class="healing-state">healing: {healingState(healing.get(alert.alertId))}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Where healing stands on an open incident, in words (none yet: diagnosing, or no runbook matched). */
function healingState(status: string | undefined): string {
  if (status === undefined) return 'no remediation yet';
  return isRemediationPhase(status) ? statusLabel(status) : status.replace(/_/g, ' ');
}
