import { Pool } from 'undici';
import { percentile } from '../lib/stats.js';
import { elapsedMs, nowNs } from '../lib/timing.js';

/** Latencies of one route, in milliseconds. */
export interface RouteLatencies {
  route: string;
  latenciesMs: number[];
}

export interface StatusQueryPlan {
  /** Full walks of `/api/status/monitors`, 100 per page, following `next`. */
  walks: number;
  /** Calls of `/api/status/services`. */
  services: number;
  /** Calls of `/api/monitors/:id/status`, each on a monitor picked at random. */
  monitors: number;
  /** Unmeasured requests of each route first (JIT, the connection). */
  warmup: number;
}

const WALK = 'GET /api/status/monitors?limit=100&after=…';
const SERVICES = 'GET /api/status/services';
const MONITOR = 'GET /api/monitors/:id/status';

/**
 * Times the status routes the dashboard reads, one request at a time on one keep-alive
 * connection, as a browser tab polling them would. Throws on any answer but 200. Also returns
 * how many monitors an unmeasured first walk of the status list found.
 */
export async function measureStatusQueries(
  origin: string,
  token: string,
  monitorIds: ReadonlyArray<string>,
  plan: StatusQueryPlan,
): Promise<{ listed: number; routes: RouteLatencies[] }> {
  const pool = new Pool(origin, { connections: 1 });
  const headers = { authorization: `Bearer ${token}` };
  const get = async (path: string): Promise<{ ms: number; body: unknown }> => {
    const start = nowNs();
    const response = await pool.request({ method: 'GET', path, headers });
    const text = await response.body.text();
    const ms = elapsedMs(start);
    if (response.statusCode !== 200) throw new Error(`GET ${path} answered ${response.statusCode}: ${text}`);
    return { ms, body: JSON.parse(text) };
  };
  const randomMonitor = () =>
    `/api/monitors/${monitorIds[Math.floor(Math.random() * monitorIds.length)]}/status`;
  const walk = async (into: number[] | undefined): Promise<number> => {
    let after: string | null = null;
    let seen = 0;
    do {
      const { ms, body } = await get(`/api/status/monitors?limit=100${after ? `&after=${after}` : ''}`);
      into?.push(ms);
      const page = body as { items: unknown[]; next: string | null };
      seen += page.items.length;
      after = page.next;
    } while (after !== null);
    return seen;
  };
  try {
    for (let i = 0; i < plan.warmup; i++) {
      await get('/api/status/services');
      await get(randomMonitor());
    }
    const listed = await walk(undefined);
    const pages: number[] = [];
    for (let i = 0; i < plan.walks; i++) await walk(pages);
    const services: number[] = [];
    for (let i = 0; i < plan.services; i++) services.push((await get('/api/status/services')).ms);
    const monitors: number[] = [];
    for (let i = 0; i < plan.monitors; i++) monitors.push((await get(randomMonitor())).ms);
    return {
      listed,
      routes: [
        { route: WALK, latenciesMs: pages },
        { route: SERVICES, latenciesMs: services },
        { route: MONITOR, latenciesMs: monitors },
      ],
    };
  } finally {
    await pool.close();
  }
}

/** `p50 x ms, p99 y ms, max z ms` of some latencies. */
export function describeLatencies(latenciesMs: ReadonlyArray<number>): string {
  const fixed = (value: number) => value.toFixed(2);
  return (
    `p50 ${fixed(percentile(latenciesMs, 50))} ms, p99 ${fixed(percentile(latenciesMs, 99))} ms, ` +
    `max ${fixed(Math.max(...latenciesMs))} ms`
  );
}
