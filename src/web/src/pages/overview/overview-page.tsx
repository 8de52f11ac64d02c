import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { LiveFeed } from './live-feed.js';

interface ServiceStatus {
  service: string;
  status: 'up' | 'down' | 'degraded' | 'unknown' | 'paused';
  monitors: number;
}

/** Fleet status at a glance: each service as a tile coloured by its worst monitor. */
export function OverviewPage() {
  const [services, setServices] = useState<ServiceStatus[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  const [version, setVersion] = useState(0);

  useEffect(() => {
    let stopped = false;
    const load = () =>
      api<{ services: ServiceStatus[] }>('GET', '/api/status/services?limit=500')
        .then((page) => {
          if (!stopped) setServices(page.services);
        })
        .catch((e: unknown) => {
          if (!stopped) setError(e instanceof Error ? e.message : String(e));
        });
    void load();
    return () => {
      stopped = true;
    };
  }, [version]);
  // A monitor changing status changes its service's tile: read the fleet again.
  const onEvent = (event: { type: string }) => {
    if (event.type === 'monitor.status_changed') setVersion((v) => v + 1);
  };

  if (error)
    return (
      <p role="alert" class="error">
        {error}
      </p>
    );
  if (!services) return <p aria-busy="true">Loading the fleet…</p>;
  const counts = services.reduce<Record<string, number>>((acc, s) => {
    acc[s.status] = (acc[s.status] ?? 0) + 1;
    return acc;
  }, {});
  return (
    <section aria-labelledby="fleet">
      <h1 id="fleet">Fleet</h1>
      <p>
        {Object.entries(counts)
          .map(([status, n]) => `${n} ${status}`)
          .join(' · ') || 'No services are monitored yet.'}
      </p>
      <ul class="tiles">
        {services.map((s) => (
          <li key={s.service} class={`tile ${s.status}`}>
            <strong>{s.service}</strong>
            <span>
              {s.status} · {s.monitors} monitor{s.monitors === 1 ? '' : 's'}
            </span>
          </li>
        ))}
      </ul>
      <LiveFeed onEvent={onEvent} />
    </section>
  );
}
