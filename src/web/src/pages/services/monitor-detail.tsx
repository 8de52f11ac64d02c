import { useMemo } from 'preact/hooks';
import { api } from '../../api.js';
import { ErrorMessage } from '../../ui/error-message.js';
import { formatDuration, formatTime } from '../../ui/format.js';
import {
  type ResolvedTimeRange,
  resolveTimeRange,
  TIME_RANGES,
  type TimeRangeName,
} from '../../ui/time-range.js';
import { useApi } from '../../ui/use-api.js';
import { type LatencyPoint, largest, latencyColumns } from './chart-data.js';
import { checkHistoryRows, type LogEvent, monitorResultStream } from './monitor-events.js';
import type { MonitorRow } from './monitor-rows.js';
import type { MonitorUptime } from './service-monitors.js';
import { StatusBadge } from './status-badge.js';
import { UPlotChart } from './uplot-chart.js';
import { formatPercent, rangeUptime, uptimeSegments } from './uptime.js';

const LATENCY_LINES = [
  { label: 'p50', color: 'var(--up)' },
  { label: 'p95', color: 'var(--degraded)' },
  { label: 'p99', color: 'var(--down)', dash: [6, 4] },
];
const HISTORY_SIZE = 50;

/** One monitor over the chosen range: latency percentiles, uptime, and its latest checks. */
export function MonitorDetail(props: { monitor: MonitorRow; range: TimeRangeName; refresh: number }) {
  const { monitor, range, refresh } = props;
  const rangeLabel = TIME_RANGES.find((r) => r.name === range)?.label.toLowerCase() ?? range;
  const latency = useApi(`latency:${monitor.monitorId}:${range}:${refresh}`, async () => {
    const resolved = resolveTimeRange(range, Date.now());
    const path = `/api/monitors/${encodeURIComponent(monitor.monitorId)}/latency?from=${resolved.from}&to=${resolved.to}&stepMinutes=${resolved.stepMinutes}`;
    const { points } = await api<{ points: LatencyPoint[] }>('GET', path);
    return { resolved, points };
  });
  return (
    <>
      <section aria-labelledby="latency-title">
        <h2 id="latency-title">
          Latency and uptime of {monitor.monitor}, {rangeLabel}
        </h2>
        <ErrorMessage error={latency.error} />
        {latency.data ? (
          <LatencyAndUptime monitor={monitor} {...latency.data} refresh={refresh} />
        ) : (
          !latency.error && <p aria-busy="true">Loading latency…</p>
        )}
      </section>
      <CheckHistory monitor={monitor} refresh={refresh} />
    </>
  );
}

function LatencyAndUptime(props: {
  monitor: MonitorRow;
  resolved: ResolvedTimeRange;
  points: LatencyPoint[];
  refresh: number;
}) {
  const { resolved, points, monitor } = props;
  const columns = useMemo(() => latencyColumns(resolved, points), [resolved, points]);
  const uptime = rangeUptime(points);
  const status = useApi(`uptime:${monitor.monitorId}:${props.refresh}`, () =>
    api<MonitorUptime>('GET', `/api/monitors/${encodeURIComponent(monitor.monitorId)}/status`),
  );
  const worstP95 = largest(columns, 2);
  const worstP99 = largest(columns, 3);
  return (
    <div class="chart-grid">
      <figure>
        <UPlotChart
          name="latency"
          label={`Latency p50, p95 and p99 of ${monitor.monitor}`}
          columns={columns}
          lines={LATENCY_LINES}
          format={formatDuration}
        />
        <figcaption class="note">
          {points.length === 0
            ? 'No checks in this range.'
            : `Highest p95 ${worstP95 === null ? '—' : formatDuration(worstP95)}, highest p99 ${
                worstP99 === null ? '—' : formatDuration(worstP99)
              }, one point per ${resolved.stepMinutes} min.`}
        </figcaption>
      </figure>
      <div>
        <p>
          <strong>{formatPercent(uptime.percent)}</strong> up in this range ({uptime.checks} checks,{' '}
          {uptime.down} down).
        </p>
        <UptimeStrip resolved={resolved} points={points} />
        <dl class="uptime-windows">
          {(['24h', '7d', '30d'] as const).map((window) => (
            <div key={window}>
              <dt>Last {window.replace('h', ' h').replace('d', ' d')}</dt>
              <dd>{formatPercent(status.data?.uptime[window])}</dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}

/** The range as a strip of steps coloured by their worst check (grey: no checks). */
function UptimeStrip({ resolved, points }: { resolved: ResolvedTimeRange; points: LatencyPoint[] }) {
  const segments = uptimeSegments(resolved, points);
  const width = segments.length;
  return (
    <svg
      class="uptime-strip"
      viewBox={`0 0 ${width} 10`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`Uptime per ${resolved.stepMinutes} min: ${segments.filter((s) => s.state === 'down').length} steps with down checks`}
    >
      {segments.map((segment, i) => (
        <rect key={segment.start} class={segment.state} x={i} y={0} width={1.02} height={10}>
          <title>
            {formatTime(new Date(segment.start).toISOString())}: {segment.checks} checks, {segment.down} down
          </title>
        </rect>
      ))}
    </svg>
  );
}

function CheckHistory({ monitor, refresh }: { monitor: MonitorRow; refresh: number }) {
  const stream = monitorResultStream(monitor.monitorId);
  const history = useApi(`history:${stream}:${refresh}`, () =>
    api<{ events: LogEvent[] }>(
      'GET',
      `/api/streams/${encodeURIComponent(stream)}/events?direction=backward&limit=${HISTORY_SIZE}`,
    ),
  );
  const rows = checkHistoryRows(history.data?.events ?? []);
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">Check history of {monitor.monitor}</h2>
      <ErrorMessage error={history.error} />
      {!history.data && !history.error && <p aria-busy="true">Loading checks…</p>}
      {history.data && rows.length === 0 && <p>No checks recorded yet.</p>}
      {rows.length > 0 && (
        <div class="table-scroll">
          <table class="data-table" aria-label={`Latest checks of ${monitor.monitor}, newest first`}>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Status</th>
                <th scope="col" class="number">
                  Latency
                </th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} class={row.kind}>
                  <td>{formatTime(row.at)}</td>
                  <td>
                    <StatusBadge status={row.status} />
                  </td>
                  <td class="number">{row.latencyMs === null ? '—' : formatDuration(row.latencyMs)}</td>
                  <td>{row.message || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
