import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EventStore } from '../../events/index.js';
import type { MonitorService } from '../../monitor/index.js';
import { auditAuthenticationFailed } from '../auth/audit.js';
import { HttpProblemError } from '../problem.js';
import type { RequestLimits } from '../protection/request-limits.js';

const params = {
  type: 'object',
  required: ['id', 'secret'],
  properties: {
    id: { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' },
    secret: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' },
  },
} as const;

export interface HeartbeatRouteOptions {
  store: EventStore;
  monitoring: MonitorService;
  limits?: RequestLimits;
}

/**
 * Heartbeats: a service calls its monitor's secret URL (GET or POST) at least once per
 * interval; `{ "status": "down", "message": "…" }` reports a failure. The URL is the
 * credential, so the route is public; a wrong secret is refused, audited and counted toward
 * the address's lockout.
 */
export async function heartbeatRoutes(app: FastifyInstance, options: HeartbeatRouteOptions): Promise<void> {
  const { monitoring, limits } = options;

  type Beat = { Params: { id: string; secret: string }; Body: { status?: 'up' | 'down'; message?: string } };
  const receive = async (request: FastifyRequest<Beat>, reply: FastifyReply) => {
    limits?.refuseLockedOut(request.ip);
    const { id, secret } = request.params;
    if (!monitoring.heartbeatSecrets.matches(id, secret)) {
      await limits?.recordFailedAuthentication(request.ip);
      await auditAuthenticationFailed(options.store, request);
      throw new HttpProblemError(401, 'UNAUTHENTICATED', 'Unknown heartbeat URL');
    }
    if (!(await monitoring.recordHeartbeat(id, request.body ?? {}))) {
      throw new HttpProblemError(
        404,
        'NOT_FOUND',
        'No active heartbeat monitor at this URL (deleted or paused)',
      );
    }
    return reply.code(202).send({ accepted: true });
  };
  const summary = "A service's heartbeat (the secret URL of a heartbeat monitor)";
  app.get<Beat>(
    '/api/heartbeat/:id/:secret',
    { config: { access: 'public' }, schema: { tags: ['monitoring'], summary, security: [], params } },
    receive,
  );
  app.post<Beat>(
    '/api/heartbeat/:id/:secret',
    {
      config: { access: 'public' },
      // A bare POST (curl -X POST <url>) is a beat too: no body means {}.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        tags: ['monitoring'],
        summary: `${summary}; { status: "down", message } reports a failure`,
        security: [],
        params,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: ['up', 'down'] },
            message: { type: 'string', maxLength: 500 },
          },
        },
      },
    },
    receive,
  );

  app.get<{ Params: { id: string } }>(
    '/api/monitors/:id/heartbeat-url',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['monitoring'],
        summary: "A heartbeat monitor's secret URL path (treat it as a credential)",
        params: { type: 'object', required: ['id'], properties: { id: params.properties.id } },
      },
    },
    async (request, reply) => {
      const monitor = monitoring.definition(request.params.id);
      if (monitor?.check.kind !== 'heartbeat') {
        throw new HttpProblemError(404, 'NOT_FOUND', `No heartbeat monitor ${request.params.id}`);
      }
      const path = `/api/heartbeat/${request.params.id}/${monitoring.heartbeatSecrets.secretFor(request.params.id)}`;
      return reply.header('cache-control', 'no-store').send({ path });
    },
  );
}
