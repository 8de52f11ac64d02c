import { useMemo, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { useLiveReload } from '../../live/use-live-reload.js';
import { useCan } from '../../session.js';
import { ErrorMessage } from '../../ui/error-message.js';
import { useApi } from '../../ui/use-api.js';
import { ApprovalsWaiting } from './approvals-waiting.js';
import { IncidentFilterForm } from './incident-filter-form.js';
import { incidentFiltersFromQuery, incidentsPath } from './incidents-query.js';
import { IncidentsTable } from './incidents-table.js';
import { loadIncidents } from './load-incidents.js';
import './healing.css';

/** Incidents (alert occurrences) and how healing did on each, newest first, live; approvals first for operators. */
export function IncidentsPage({ query }: { query: URLSearchParams }) {
  const filters = useMemo(() => incidentFiltersFromQuery(query), [query.toString()]);
  const key = incidentsPath(filters);
  const [paging, setPaging] = useState({ key, pages: 1 });
  const pages = paging.key === key ? paging.pages : 1;
  const [version, setVersion] = useState(0);
  const canAct = useCan('operator');
  const { data, error, loading, reload } = useApi(`${key}#${pages}`, () =>
    loadIncidents((path) => api('GET', path), filters, pages),
  );
  const { connected } = useLiveReload(['healing.', 'alerts.alert_'], () => {
    reload();
    setVersion((v) => v + 1);
  });

  return (
    <section class="incidents-page" aria-labelledby="incidents-title">
      <h1 id="incidents-title">Incidents</h1>
      <p class="muted">
        Alerts that fired, and what healing did about each: diagnosis, runbook, outcome.{' '}
        <span role="status" class={connected ? 'live' : 'offline'}>
          {connected ? 'live' : 'reconnecting…'}
        </span>
      </p>
      {canAct && <ApprovalsWaiting version={version} />}
      <IncidentFilterForm filters={filters} />
      <ErrorMessage error={error} />
      {data?.historyError && (
        <div class="notice" role="note">
          <p>Remediations could not be read: {data.historyError.message}</p>
        </div>
      )}
      {!data ? (
        <p aria-busy={loading}>{loading ? 'Loading incidents…' : ''}</p>
      ) : data.rows.length === 0 ? (
        <p>No incident matches these filters.</p>
      ) : (
        <IncidentsTable rows={data.rows} historyKnown={!data.historyError} />
      )}
      {data?.more && (
        <p>
          <button type="button" disabled={loading} onClick={() => setPaging({ key, pages: pages + 1 })}>
            Load more
          </button>
        </p>
      )}
    </section>
  );
}
