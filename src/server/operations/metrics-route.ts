import type { FastifyInstance, RouteShorthandOptions } from 'fastify';
import type { Registry } from '../../kernel/index.js';
import type { Access } from '../access.js';

export interface MetricsRouteOptions {
  registry: Registry;
  /** The role it needs on the API server; none on the metrics listener, which has no access control. */
  access?: Access;
}

/** `GET /metrics`: the registry in the Prometheus text format. */
export async function metricsRoutes(app: FastifyInstance, { registry, access }: MetricsRouteOptions) {
  const options: RouteShorthandOptions = {
    schema: {
      tags: ['operations'],
      summary: 'Prometheus metrics: process, HTTP requests, event store, consumers, resilience policies',
    },
  };
  if (access) options.config = { access };
  app.get('/metrics', options, async (_request, reply) => {
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
}
