import { api } from '../../api.js';
import { onLinkClick } from '../../router.js';
import { useCan } from '../../session.js';
import { formatAgo, formatDuration, formatTime } from '../../ui/format.js';
import { useApi } from '../../ui/use-api.js';
import { MonitorActions } from './monitor-actions.js';
import type { MonitorRow } from './monitor-rows.js';
import { StatusBadge } from './status-badge.js';
import { formatPercent } from './uptime.js';

/** What `GET /api/monitors/{id}/status` adds to a status: uptime % over 24 h, 7 d and 30 d. */
export interface MonitorUptime {
  uptime: { '24h': number | null; '7d': number | null; '30d': number | null };
}

/** Rows that read their uptime (one request each); the others say to pick the monitor. */
const UPTIME_ROWS = 25;

/** The service's monitors: status, uptime, last check, and (operators) check now / pause / resume. */
export function ServiceMonitors(props: {
  monitors: readonly MonitorRow[];
  selected: string | undefined;
  detailAddress: (monitorId: string) => string;
  refresh: number;
  nowMs: number;
  onAction: (message: string) => void;
}) {
  const operator = useCan('operator');
  return (
    <div class="table-scroll">
      <table class="data-table">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Monitor</th>
            <th scope="col">Kind</th>
            <th scope="col" class="number">
              Uptime 24 h
            </th>
            <th scope="col" class="number">
              7 d
            </th>
            <th scope="col" class="number">
              30 d
            </th>
            <th scope="col">Last check</th>
            <th scope="col" class="number">
              Latency
            </th>
            {operator && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {props.monitors.map((monitor, index) => (
            <tr key={monitor.monitorId} aria-selected={monitor.monitorId === props.selected}>
              <td>
                <StatusBadge status={monitor.status} />
              </td>
              <td>
                <a
                  href={props.detailAddress(monitor.monitorId)}
                  onClick={onLinkClick}
                  aria-current={monitor.monitorId === props.selected ? 'true' : undefined}
                  title="Show its latency, uptime and checks"
                >
                  {monitor.monitor}
                </a>
                {monitor.lastMessage && <div class="note">{monitor.lastMessage}</div>}
              </td>
              <td>{monitor.kind || '—'}</td>
              <UptimeCells
                monitorId={monitor.monitorId}
                refresh={props.refresh}
                shown={index < UPTIME_ROWS}
              />
              <td title={formatTime(monitor.lastCheckAt)}>
                {monitor.lastCheckAt ? formatAgo(monitor.lastCheckAt, props.nowMs) : 'never'}
              </td>
              <td class="number">
                {monitor.lastLatencyMs === null ? '—' : formatDuration(monitor.lastLatencyMs)}
              </td>
              {operator && (
                <td>
                  <MonitorActions monitor={monitor} onDone={props.onAction} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UptimeCells({ monitorId, refresh, shown }: { monitorId: string; refresh: number; shown: boolean }) {
  const path = `/api/monitors/${encodeURIComponent(monitorId)}/status`;
  const status = useApi(shown ? `${path}#${refresh}` : null, () => api<MonitorUptime>('GET', path));
  const uptime = status.data?.uptime;
  if (!shown) {
    return (
      <td class="number note" colSpan={3}>
        pick the monitor to see it
      </td>
    );
  }
  return (
    <>
      <td class="number">{formatPercent(uptime?.['24h'])}</td>
      <td class="number">{formatPercent(uptime?.['7d'])}</td>
      <td class="number">{formatPercent(uptime?.['30d'])}</td>
    </>
  );
}
