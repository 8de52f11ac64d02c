import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { navigate, onLinkClick } from '../../router.js';
import { incidentPath } from '../../routes.js';
import { ErrorMessage } from '../../ui/error-message.js';
import { formatDuration, formatTime } from '../../ui/format.js';
import type { AlertPage, AlertView } from './alert-types.js';
import { HistoryFilterForm } from './history-filter-form.js';
import { historyAddress, historyApiPath, historyFiltersFromQuery } from './history-filters.js';

/**
 * The History tab: every alert occurrence, newest first, filtered by the address's query
 * (severity, service, rule, from, to), a page at a time with "Load more".
 */
export function HistoryPanel({ query }: { query: URLSearchParams }) {
  const filters = historyFiltersFromQuery(query);
  const key = historyApiPath(filters);
  const [alerts, setAlerts] = useState<AlertView[] | undefined>();
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(false);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let current = true;
    setAlerts(undefined);
    setError(undefined);
    setLoading(true);
    api<AlertPage>('GET', key)
      .then((page) => {
        if (!current) return;
        setAlerts(page.alerts);
        setNext(page.next);
      })
      .catch((e: unknown) => current && setError(e))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [key, version]);

  const loadMore = async () => {
    if (!next) return;
    setLoading(true);
    try {
      const page = await api<AlertPage>('GET', historyApiPath(filters, next));
      setAlerts((shown) => [...(shown ?? []), ...page.alerts]);
      setNext(page.next);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  return (
    <>
      <h2>History</h2>
      <HistoryFilterForm
        key={historyAddress(filters)}
        filters={filters}
        onApply={(f) => navigate(historyAddress(f), { replace: true })}
      />
      <ErrorMessage error={error} />
      {!alerts && !error && <p aria-busy="true">Loading the history…</p>}
      {alerts && alerts.length === 0 && <p>No alert matches these filters.</p>}
      {alerts && alerts.length > 0 && <HistoryTable alerts={alerts} />}
      <div class="buttons">
        {next && (
          <button type="button" disabled={loading} onClick={loadMore}>
            Load more
          </button>
        )}
        <button type="button" disabled={loading} onClick={() => setVersion((v) => v + 1)}>
          Refresh
        </button>
      </div>
    </>
  );
}

function HistoryTable({ alerts }: { alerts: AlertView[] }) {
  return (
    <div class="table-scroll">
      <table class="alerts-list">
        <caption class="visually-hidden">Alert history, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Severity</th>
            <th scope="col">Service</th>
            <th scope="col">State</th>
            <th scope="col">Since</th>
            <th scope="col">Resolved</th>
            <th scope="col">Lasted</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((alert) => (
            <tr key={alert.alertId}>
              <td>
                <a href={incidentPath(alert.alertId)} onClick={onLinkClick}>
                  {alert.ruleName}
                </a>
              </td>
              <td>
                <span class={`severity severity-${alert.severity}`}>{alert.severity}</span>
              </td>
              <td>{alert.service || '—'}</td>
              <td>{alert.state}</td>
              <td>
                <time dateTime={alert.activeSince}>{formatTime(alert.activeSince)}</time>
              </td>
              <td>
                {alert.resolvedAt ? (
                  <time dateTime={alert.resolvedAt}>{formatTime(alert.resolvedAt)}</time>
                ) : (
                  '—'
                )}
              </td>
              <td>
                {alert.resolvedAt
                  ? formatDuration(Date.parse(alert.resolvedAt) - Date.parse(alert.activeSince))
                  : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
