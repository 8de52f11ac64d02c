import { api } from '../../api.js';
import { useLiveReload } from '../../live/use-live-reload.js';
import { onLinkClick, withQuery } from '../../router.js';
import { servicePath } from '../../routes.js';
import { ErrorMessage } from '../../ui/error-message.js';
import { useApi } from '../../ui/use-api.js';
import { type ServiceStatus, tilesToShow } from './overview-model.js';

type StatusCounts = Record<'total' | 'up' | 'down' | 'degraded' | 'unknown' | 'paused', number>;

interface FleetView {
  summary: { monitors: StatusCounts; services: StatusCounts };
  tiles: ServiceStatus[];
}

/** Most tiles drawn: past that the overview points to the Services page (it stays quick with 10,000). */
const MAX_TILES = 120;
const COUNTED = ['down', 'degraded', 'unknown', 'up', 'paused'] as const;

async function loadFleet(): Promise<FleetView> {
  const page = (status?: string) =>
    api<{ services: ServiceStatus[] }>(
      'GET',
      withQuery('/api/status/services', { status, limit: MAX_TILES }),
    ).then((p) => p.services);
  const [summary, down, degraded, any] = await Promise.all([
    api<FleetView['summary']>('GET', '/api/status/summary'),
    page('down'),
    page('degraded'),
    page(),
  ]);
  return { summary, tiles: tilesToShow([down, degraded, any], MAX_TILES) };
}

/** Fleet status at a glance: counts by status, and each service as a tile coloured by its worst monitor. */
export function FleetPanel() {
  const fleet = useApi('fleet', loadFleet);
  useLiveReload(['monitor.status_changed', 'monitor.monitor_'], fleet.reload);
  if (!fleet.data) {
    return fleet.error ? <ErrorMessage error={fleet.error} /> : <p aria-busy="true">Loading the fleet…</p>;
  }
  const { summary, tiles } = fleet.data;
  const hidden = summary.services.total - tiles.length;
  return (
    <section aria-labelledby="fleet" class="panel fleet">
      <h1 id="fleet">Fleet</h1>
      <ErrorMessage error={fleet.error} />
      {summary.monitors.total === 0 ? (
        <p>
          No monitors yet. Add some on the{' '}
          <a href="/config/monitors" onClick={onLinkClick}>
            configuration
          </a>{' '}
          page or in <code>vigia.yaml</code>.
        </p>
      ) : (
        <dl class="counts" aria-label="Monitors by status">
          {COUNTED.map((status) => (
            <div key={status} class={`count ${status}`}>
              <dt>{status}</dt>
              <dd>
                <a href={withQuery('/services', { status })} onClick={onLinkClick}>
                  {summary.monitors[status]}
                </a>
              </dd>
            </div>
          ))}
          <div class="count">
            <dt>services</dt>
            <dd>{summary.services.total}</dd>
          </div>
        </dl>
      )}
      <ul class="tiles" aria-label="Services">
        {tiles.map((s) => (
          <li key={s.service} class={`tile ${s.status}`}>
            <a href={servicePath(s.service)} onClick={onLinkClick}>
              <strong>{s.service}</strong>
            </a>
            <span>
              {s.status} · {s.monitors} monitor{s.monitors === 1 ? '' : 's'}
            </span>
          </li>
        ))}
      </ul>
      {hidden > 0 && (
        <p>
          And {hidden} more services, all up:{' '}
          <a href="/services" onClick={onLinkClick}>
            see every monitor
          </a>
          .
        </p>
      )}
    </section>
  );
}
