import type { FastifyInstance } from 'fastify';
import { INCIDENT_CURSOR_PATTERN, type MonitorService } from '../../monitor/index.js';
import { HttpProblemError } from '../problem.js';
import { requestMetadata } from '../request-metadata.js';
import type { ResourceDefinition } from '../resources/resource-definition.js';
import type { ResourceStore } from '../resources/resource-store.js';

const ID = {
  type: 'string',
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
} as const;
const idParams = { type: 'object', required: ['id'], properties: { id: ID } } as const;
const NAME = { type: 'string', maxLength: 100 } as const;
const STATUS = { type: 'string', enum: ['up', 'down', 'degraded', 'paused', 'unknown'] } as const;

export interface MonitoringRouteOptions {
  monitoring: MonitorService;
  resources: ResourceStore;
  monitors: ResourceDefinition;
}

/** Status, uptime, latency and incidents of the monitors, plus check now / pause / resume. */
export async function monitoringRoutes(app: FastifyInstance, options: MonitoringRouteOptions): Promise<void> {
  const { monitoring, resources, monitors } = options;
  const queries = monitoring.queries;

  app.get<{ Querystring: { service?: string; status?: string; q?: string; after?: string; limit: number } }>(
    '/api/status/monitors',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['monitoring'],
        summary: 'Current status of each monitor, filtered and paged',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            service: NAME,
            status: STATUS,
            q: { ...NAME, description: 'only monitors whose name contains this text (ignoring case)' },
            after: ID,
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          },
        },
      },
    },
    async (request) => queries.statuses(request.query),
  );

  app.get(
    '/api/status/summary',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['monitoring'],
        summary:
          'How many monitors are in each status, and how many services have each as their worst status',
      },
    },
    async () => queries.summary(),
  );

  app.get<{ Querystring: { status?: string; after?: string; limit: number } }>(
    '/api/status/services',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['monitoring'],
        summary: "Each service's worst monitor status and counts by status, by name, filtered and paged",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: STATUS,
            after: NAME,
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          },
        },
      },
    },
    async (request) => {
      const page = await queries.servicePage(request.query);
      return { services: page.items, next: page.next };
    },
  );

  app.get(
    '/api/services/graph',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['monitoring'],
        summary:
          'The service dependency graph (from the monitors’ dependsOn): services with their status, edges, cycles',
      },
    },
    async () => {
      const [graph, statuses] = await Promise.all([monitoring.graph.graph(), queries.services()]);
      const statusOf = new Map(statuses.map((s) => [s.service, s.status]));
      return {
        ...graph,
        services: graph.services.map((node) => ({
          ...node,
          status: statusOf.get(node.service) ?? 'unknown',
        })),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/monitors/:id/status',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['monitoring'],
        summary: 'A monitor: status, last check, uptime over 24 h / 7 d / 30 d',
        params: idParams,
      },
    },
    async (request) => {
      const status = await queries.status(request.params.id);
      if (!status)
        throw new HttpProblemError(404, 'NOT_FOUND', `No status for monitor ${request.params.id} yet`);
      return { ...status, uptime: await queries.uptime(request.params.id) };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { from?: string; to?: string; stepMinutes: number } }>(
    '/api/monitors/:id/latency',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['monitoring'],
        summary: 'Latency p50/p95/p99 per step (one-minute rollups merged), default the last hour',
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            stepMinutes: { type: 'integer', minimum: 1, maximum: 1440, default: 1 },
          },
        },
      },
    },
    async (request) => {
      const to = request.query.to ? Date.parse(request.query.to) : Date.now();
      const from = request.query.from ? Date.parse(request.query.from) : to - 3_600_000;
      if (from >= to) throw new HttpProblemError(400, 'VALIDATION_FAILED', 'from must be before to');
      return { points: await queries.latency(request.params.id, from, to, request.query.stepMinutes) };
    },
  );

  app.get<{ Querystring: { service?: string; open?: boolean; before?: string; limit: number } }>(
    '/api/incidents',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['monitoring'],
        summary: 'Down periods, newest first, filtered and paged (`next` → `before`)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            service: NAME,
            open: { type: 'boolean' },
            before: { type: 'string', pattern: INCIDENT_CURSOR_PATTERN },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          },
        },
      },
    },
    async (request) => {
      const page = await queries.incidents(request.query);
      return { incidents: page.items, next: page.next };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/monitors/:id/check',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['monitoring'],
        summary: 'Check now (after the current check, if one runs)',
        params: idParams,
      },
    },
    async (request, reply) => {
      if (!(await monitoring.checkNow(request.params.id))) {
        throw new HttpProblemError(
          404,
          'NOT_FOUND',
          `No active monitor ${request.params.id} (unknown or paused)`,
        );
      }
      return reply.code(202).send({ accepted: true });
    },
  );

  for (const action of ['pause', 'resume'] as const) {
    app.post<{ Params: { id: string } }>(
      `/api/monitors/:id/${action}`,
      {
        config: { access: 'operator' },
        schema: {
          tags: ['monitoring'],
          summary: `${action === 'pause' ? 'Pause' : 'Resume'} a monitor`,
          params: idParams,
        },
      },
      async (request) => {
        const current = await resources.get(monitors, request.params.id);
        if (!current) throw new HttpProblemError(404, 'NOT_FOUND', `No monitor ${request.params.id}`);
        const paused = action === 'pause';
        if (Boolean(current.doc.paused) === paused)
          return { id: current.id, version: current.version, paused };
        const updated = await resources.replace(
          monitors,
          current.id,
          { ...current.doc, paused },
          current.version,
          requestMetadata(request),
        );
        return { id: updated.id, version: updated.version, paused };
      },
    );
  }
}
