import { api } from '../../api.js';
import { onLinkClick } from '../../router.js';
import { useApi } from '../../ui/use-api.js';
import {
  MONITOR_STATUSES,
  type MonitorFilters,
  type MonitorStatus,
  monitorsPageAddress,
} from './monitor-filters.js';
import { useLiveReload } from './use-live-reload.js';

/** What `GET /api/status/summary` answers. */
export interface StatusSummary {
  monitors: Record<MonitorStatus | 'total', number>;
  services: Record<MonitorStatus | 'total', number>;
}

const number = new Intl.NumberFormat();

/** The fleet in numbers: monitors by status (each a link that filters the list by it), and services. */
export function StatusSummaryLine({ filters }: { filters: MonitorFilters }) {
  const summary = useApi('summary', () => api<StatusSummary>('GET', '/api/status/summary'));
  useLiveReload(['monitor.status_changed', 'monitor.monitor_deleted'], summary.reload, { waitMs: 2000 });
  const data = summary.data;
  if (!data)
    return summary.error ? null : (
      <p class="summary" aria-busy="true">
        Counting monitors…
      </p>
    );
  return (
    <p class="summary">
      <span>
        {number.format(data.monitors.total)} monitor{data.monitors.total === 1 ? '' : 's'} in{' '}
        {number.format(data.services.total)} service{data.services.total === 1 ? '' : 's'}:
      </span>
      {MONITOR_STATUSES.filter((status) => data.monitors[status] > 0).map((status) => (
        <a
          key={status}
          href={monitorsPageAddress({ ...filters, status })}
          onClick={onLinkClick}
          class={`status status-${status}`}
          aria-current={filters.status === status ? 'true' : undefined}
        >
          <span class="status-dot" aria-hidden="true" />
          {number.format(data.monitors[status])} {status}
        </a>
      ))}
    </p>
  );
}
