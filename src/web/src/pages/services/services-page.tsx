import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { navigate } from '../../router.js';
import { ErrorMessage } from '../../ui/error-message.js';
import { useApi } from '../../ui/use-api.js';
import {
  filtersFromQuery,
  filtersKey,
  MAX_FILTER_LENGTH,
  MONITOR_STATUSES,
  type MonitorFilters,
  monitorsPageAddress,
} from './monitor-filters.js';
import { MonitorTable } from './monitor-table.js';
import { StatusSummaryLine } from './status-summary.js';
import { useMonitorPages } from './use-monitor-pages.js';
import { useNow } from './use-now.js';
import './services.css';

const number = new Intl.NumberFormat();
const SEARCH_DELAY_MS = 250;

/** Services and monitors: every monitor's status, searchable and filtered, kept current live. */
export function ServicesPage({ query }: { query: URLSearchParams }) {
  const filters = filtersFromQuery(query);
  const key = filtersKey(filters);
  const pages = useMonitorPages(filters);
  const nowMs = useNow(30_000);
  const change = (next: MonitorFilters) => navigate(monitorsPageAddress(next), { replace: true });

  return (
    <section class="services-page" aria-labelledby="services-title">
      <h1 id="services-title">Services and monitors</h1>
      <StatusSummaryLine filters={filters} />
      <MonitorFilterForm filters={filters} onChange={change} />
      <p class="list-state" role="status">
        {listState(pages.rows.length, pages.complete, pages.loading)}{' '}
        <span class={pages.live ? 'live' : 'offline'}>{pages.live ? '· live' : '· reconnecting…'}</span>
      </p>
      {pages.error && (
        <div class="load-error">
          <ErrorMessage error={pages.error} />
          <button type="button" onClick={pages.loadMore}>
            Try again
          </button>
        </div>
      )}
      {pages.rows.length > 0 && (
        <MonitorTable
          key={key}
          rows={pages.rows}
          nowMs={nowMs}
          onNearEnd={pages.loadMore}
          label="Monitors (scroll for more)"
        />
      )}
    </section>
  );
}

function listState(count: number, complete: boolean, loading: boolean): string {
  if (count === 0) return loading ? 'Loading monitors…' : complete ? 'No monitors match these filters.' : '';
  const shown = `${number.format(count)} monitor${count === 1 ? '' : 's'}`;
  if (complete) return `${shown}.`;
  return loading ? `${shown} loaded, loading more…` : `${shown} loaded; more load as you scroll.`;
}

/** Search by name, status and service; a change goes into the address (so reload and back keep it). */
function MonitorFilterForm(props: { filters: MonitorFilters; onChange: (filters: MonitorFilters) => void }) {
  const { filters, onChange } = props;
  const [text, setText] = useState(filters.q ?? '');
  // The address changed by itself (back, a link): show its search.
  useEffect(() => setText(filters.q ?? ''), [filters.q]);
  useEffect(() => {
    if (text === (filters.q ?? '')) return;
    const timer = setTimeout(() => onChange({ ...filters, q: text || undefined }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, filters.status, filters.service]);
  const services = useServiceNames();
  const serviceOptions = useMemo(() => {
    const names = new Set(services.data ?? []);
    if (filters.service) names.add(filters.service);
    return [...names].sort();
  }, [services.data, filters.service]);

  return (
    <search>
      <form class="monitor-filters" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="monitor-search">Search monitors</label>
          <input
            id="monitor-search"
            type="search"
            value={text}
            maxLength={MAX_FILTER_LENGTH}
            placeholder="Part of a monitor name"
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="monitor-status">Status</label>
          <select
            id="monitor-status"
            value={filters.status ?? ''}
            onChange={(e) => {
              const status = e.currentTarget.value;
              onChange({
                ...filters,
                q: text || undefined,
                status: status ? (status as MonitorFilters['status']) : undefined,
              });
            }}
          >
            <option value="">All statuses</option>
            {MONITOR_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="monitor-service">Service</label>
          <select
            id="monitor-service"
            value={filters.service ?? ''}
            onChange={(e) =>
              onChange({ ...filters, q: text || undefined, service: e.currentTarget.value || undefined })
            }
          >
            <option value="">All services</option>
            {serviceOptions.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        {(filters.status || filters.service || filters.q) && (
          <button type="button" onClick={() => onChange({})}>
            Clear filters
          </button>
        )}
      </form>
    </search>
  );
}

/** The names of the services (for the service filter), up to 5,000. */
function useServiceNames() {
  return useApi('service-names', async () => {
    const names: string[] = [];
    let after: string | null = null;
    do {
      const page: { services: Array<{ service: string }>; next: string | null } = await api(
        'GET',
        `/api/status/services?limit=1000${after ? `&after=${encodeURIComponent(after)}` : ''}`,
      );
      names.push(...page.services.map((s) => s.service));
      after = page.next;
    } while (after && names.length < 5000);
    return names;
  });
}
