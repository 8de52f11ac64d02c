import { onLinkClick } from '../../router.js';
import { incidentPath, servicePath } from '../../routes.js';
import { formatAgo, formatTime } from '../../ui/format.js';
import { AlertActions } from './alert-actions.js';
import { AlertState } from './alert-state.js';
import type { AlertView } from './alert-types.js';

/**
 * Active alerts in a table: rule (a link to the alert's timeline), severity, service, since when,
 * state; with `actions`, the operator's buttons on each row.
 */
export function AlertsTable(props: {
  caption: string;
  alerts: AlertView[];
  known: ReadonlyMap<string, AlertView>;
  actions?: { onChanged: () => void; onSilence: (alert: AlertView) => void };
}) {
  const { actions } = props;
  return (
    <div class="table-scroll">
      <table class="alerts-list">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Severity</th>
            <th scope="col">Service</th>
            <th scope="col">Since</th>
            <th scope="col">State</th>
            {actions && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {props.alerts.map((alert) => (
            <tr key={alert.alertId}>
              <td>
                <a href={incidentPath(alert.alertId)} onClick={onLinkClick}>
                  {alert.ruleName}
                </a>
                {alert.annotations.summary && <div class="summary">{alert.annotations.summary}</div>}
              </td>
              <td>
                <span class={`severity severity-${alert.severity}`}>{alert.severity}</span>
              </td>
              <td>
                {alert.service ? (
                  <a href={servicePath(alert.service)} onClick={onLinkClick}>
                    {alert.service}
                  </a>
                ) : (
                  '—'
                )}
              </td>
              <td>
                <time dateTime={alert.activeSince}>{formatTime(alert.activeSince)}</time>
                <div class="muted">{formatAgo(alert.activeSince)}</div>
              </td>
              <td>
                <AlertState alert={alert} known={props.known} />
              </td>
              {actions && (
                <td>
                  <AlertActions alert={alert} onChanged={actions.onChanged} onSilence={actions.onSilence} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
