import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import type { LiveEvent } from '../../live/live-stream.js';
import { navigate, onLinkClick, useLocation, withQuery } from '../../router.js';
import { servicePath } from '../../routes.js';
import { ErrorMessage } from '../../ui/error-message.js';
import { DEFAULT_TIME_RANGE, TIME_RANGES, type TimeRangeName, timeRangeName } from '../../ui/time-range.js';
import { useApi } from '../../ui/use-api.js';
import { DependencyGraph } from './dependency-graph.js';
import type { ServiceGraph } from './graph-layout.js';
import { MonitorDetail } from './monitor-detail.js';
import { isServiceEvent } from './monitor-events.js';
import type { MonitorRow } from './monitor-rows.js';
import { RecentEvents } from './recent-events.js';
import { ServiceMonitors } from './service-monitors.js';
import { StatusBadge } from './status-badge.js';
import { ThresholdBands } from './threshold-band.js';
import { useLiveReload } from './use-live-reload.js';
import { useNow } from './use-now.js';
import './services.css';

/** Charts and history are read again this often, besides on the service's live events. */
const REFRESH_MS = 30_000;

/** One service: its monitors, latency and uptime, dynamic thresholds, checks, dependencies and events. */
export function ServicePage({ name }: { name: string }) {
  const { query } = useLocation();
  const range = timeRangeName(query.get('range'));
  const [refresh, setRefresh] = useState(0);
  const [notice, setNotice] = useState('');
  const bump = useCallback(() => setRefresh((r) => r + 1), []);
  const nowMs = useNow(REFRESH_MS);
  useEffect(() => {
    const timer = setInterval(bump, REFRESH_MS);
    return () => clearInterval(timer);
  }, [bump]);

  const monitors = useApi(`service-monitors:${name}:${refresh}`, () => loadMonitors(name));
  const graph = useApi(`graph:${refresh}`, () => api<ServiceGraph>('GET', '/api/services/graph'));
  const ids = new Set((monitors.data ?? []).map((m) => m.monitorId));
  const relevant = (event: LiveEvent) => isServiceEvent(event, name, ids);
  const live = useLiveReload(['monitor.status_changed', 'monitor.monitor_'], bump, { relevant });

  const address = (changes: { range?: TimeRangeName; monitor?: string }) =>
    withQuery(servicePath(name), {
      range: (changes.range ?? range) === DEFAULT_TIME_RANGE ? undefined : (changes.range ?? range),
      monitor: changes.monitor ?? query.get('monitor'),
    });
  const list = monitors.data ?? [];
  const selected = list.find((m) => m.monitorId === query.get('monitor')) ?? list[0];
  const node = graph.data?.services.find((s) => s.service === name);
  const status = node?.status ?? (list.length > 0 ? undefined : 'unknown');

  return (
    <article class="service-page" aria-labelledby="service-title">
      <p>
        <a href="/services" onClick={onLinkClick}>
          ← Services and monitors
        </a>
      </p>
      <div class="service-heading">
        <h1 id="service-title">{name}</h1>
        {status && <StatusBadge status={status} />}
        <span class={live ? 'live note' : 'offline'}>{live ? 'live' : 'reconnecting…'}</span>
      </div>
      <div class="service-controls">
        <div class="field">
          <label for="service-range">Time range</label>
          <select
            id="service-range"
            value={range}
            onChange={(e) =>
              navigate(address({ range: timeRangeName(e.currentTarget.value) }), { replace: true })
            }
          >
            {TIME_RANGES.map((r) => (
              <option key={r.name} value={r.name}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        {list.length > 1 && selected && (
          <div class="field">
            <label for="service-monitor">Monitor</label>
            <select
              id="service-monitor"
              value={selected.monitorId}
              onChange={(e) => navigate(address({ monitor: e.currentTarget.value }), { replace: true })}
            >
              {list.map((m) => (
                <option key={m.monitorId} value={m.monitorId}>
                  {m.monitor}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      <p role="status" class="note">
        {notice}
      </p>

      <section aria-labelledby="monitors-title">
        <h2 id="monitors-title">Monitors</h2>
        <ErrorMessage error={monitors.error} />
        {!monitors.data && !monitors.error && <p aria-busy="true">Loading monitors…</p>}
        {monitors.data && list.length === 0 && (
          <p>
            No monitor watches a service named {name}
            {node ? ' (other services name it as a dependency).' : '.'}
          </p>
        )}
        {list.length > 0 && (
          <ServiceMonitors
            monitors={list}
            selected={selected?.monitorId}
            detailAddress={(monitor) => address({ monitor })}
            refresh={refresh}
            nowMs={nowMs}
            onAction={(message) => {
              setNotice(message);
              bump();
            }}
          />
        )}
      </section>

      {selected && (
        <MonitorDetail key={selected.monitorId} monitor={selected} range={range} refresh={refresh} />
      )}

      {monitors.data && (
        <ThresholdBands service={name} monitorIds={[...ids]} range={range} refresh={refresh} />
      )}

      <section aria-labelledby="dependencies-title">
        <h2 id="dependencies-title">Dependencies</h2>
        <ErrorMessage error={graph.error} />
        {graph.data ? (
          <DependencyGraph graph={graph.data} service={name} />
        ) : (
          !graph.error && <p aria-busy="true">Loading the dependency graph…</p>
        )}
      </section>

      {monitors.data && <RecentEvents service={name} monitors={list} refresh={refresh} />}
    </article>
  );
}

/** Every monitor of the service, a page at a time. */
async function loadMonitors(service: string): Promise<MonitorRow[]> {
  const rows: MonitorRow[] = [];
  let after: string | null = null;
  do {
    const page: { items: MonitorRow[]; next: string | null } = await api(
      'GET',
      withQuery('/api/status/monitors', { service, limit: 1000, after }),
    );
    rows.push(...page.items);
    after = page.next;
  } while (after);
  return rows;
}
