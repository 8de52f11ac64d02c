import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { useLiveEvents } from '../../live/use-live-events.js';
import { useCan } from '../../session.js';

interface AlertView {
  alertId: string;
  ruleName: string;
  severity: 'info' | 'warning' | 'error' | 'critical';
  service: string;
  state: 'pending' | 'firing' | 'resolved';
  activeSince: string;
  annotations: Record<string, string>;
  acknowledged: { by: string; at: string } | null;
  silencedBy: string[];
  inhibitedBy: Array<{ kind: 'dependency' | 'rule'; dependency?: string; causeAlertId?: string }>;
}

const SEVERITY_ORDER = ['critical', 'error', 'warning', 'info'] as const;

/** Active alerts by severity, live; operators acknowledge from here. */
export function AlertsPage(_props: { query: URLSearchParams }) {
  const [alerts, setAlerts] = useState<AlertView[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [version, setVersion] = useState(0);
  const canAct = useCan('operator');

  useEffect(() => {
    let stopped = false;
    api<{ alerts: AlertView[] }>('GET', '/api/alerts?state=active&limit=500')
      .then((page) => !stopped && setAlerts(page.alerts))
      .catch((e: unknown) => !stopped && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      stopped = true;
    };
  }, [version]);
  useLiveEvents(['alerts.alert_'], () => setVersion((v) => v + 1));

  const acknowledge = async (alertId: string) => {
    try {
      await api('POST', `/api/alerts/${alertId}/ack`, {});
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  if (!alerts && !error) return <p aria-busy="true">Loading alerts…</p>;
  const sorted = [...(alerts ?? [])].sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      a.activeSince.localeCompare(b.activeSince),
  );
  return (
    <section aria-labelledby="alerts-title">
      <h1 id="alerts-title">Active alerts</h1>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {sorted.length === 0 ? (
        <p>No alert is active.</p>
      ) : (
        <table class="alerts">
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Alert</th>
              <th scope="col">Service</th>
              <th scope="col">Since</th>
              <th scope="col">State</th>
              {canAct && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {sorted.map((alert) => (
              <tr key={alert.alertId} class={`severity-${alert.severity}`}>
                <td>{alert.severity}</td>
                <td>
                  <strong>{alert.ruleName}</strong>
                  {alert.annotations.summary && <div>{alert.annotations.summary}</div>}
                </td>
                <td>{alert.service}</td>
                <td>
                  <time dateTime={alert.activeSince}>{new Date(alert.activeSince).toLocaleString()}</time>
                </td>
                <td>{stateOf(alert)}</td>
                {canAct && (
                  <td>
                    {!alert.acknowledged && alert.state === 'firing' && (
                      <button type="button" onClick={() => acknowledge(alert.alertId)}>
                        Acknowledge <span class="visually-hidden">{alert.ruleName}</span>
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function stateOf(alert: AlertView): string {
  if (alert.acknowledged) return `acknowledged by ${alert.acknowledged.by}`;
  if (alert.silencedBy.length > 0) return 'silenced';
  if (alert.inhibitedBy.length > 0) {
    const cause = alert.inhibitedBy[0];
    return cause?.kind === 'dependency' && cause.dependency
      ? `inhibited (${cause.dependency} is down)`
      : 'inhibited';
  }
  return alert.state;
}
