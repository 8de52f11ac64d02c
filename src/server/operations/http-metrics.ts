import type { FastifyInstance } from 'fastify';
import { Histogram, type Registry } from '../../kernel/index.js';

const NAME = 'vigia_http_request_duration_seconds';
/** The route label of requests no route matched (404s): one series, whatever URLs were tried. */
export const UNMATCHED_ROUTE = 'unmatched';
/** From 1 ms (a cached read on loopback) to 10 s (near the request timeout). */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Labels = 'method' | 'route' | 'status';

/**
 * Records every response in `vigia_http_request_duration_seconds{method,route,status}`. The
 * route label is the route's pattern (`/api/streams/:streamId/events`), never the URL, so the
 * number of series stays bounded by the routes, methods and status codes.
 */
export function registerHttpMetrics(app: FastifyInstance, registry: Registry): void {
  const histogram =
    (registry.getSingleMetric(NAME) as Histogram<Labels> | undefined) ??
    new Histogram<Labels>({
      name: NAME,
      help: 'Duration of HTTP requests, from arrival to the response sent, by route pattern',
      labelNames: ['method', 'route', 'status'],
      buckets: BUCKETS,
      registers: [registry],
    });
  // One labelled child per series, found by a string key instead of hashing labels per request.
  const series = new Map<string, Histogram.Internal<Labels>>();
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.is404 ? UNMATCHED_ROUTE : (request.routeOptions.url ?? UNMATCHED_ROUTE);
    const key = `${request.method} ${reply.statusCode} ${route}`;
    let child = series.get(key);
    if (!child) {
      child = histogram.labels({ method: request.method, route, status: String(reply.statusCode) });
      series.set(key, child);
    }
    child.observe(reply.elapsedTime / 1000);
    done();
  });
}
