import type { FastifyInstance } from 'fastify';
import type { EventStore } from '../../events/index.js';

/** `/health/live` and `/health/ready`: unauthenticated, and they reveal nothing but up or down. */
export async function healthRoutes(app: FastifyInstance, { store }: { store: EventStore }): Promise<void> {
  const status = { type: 'object', properties: { status: { type: 'string' } } } as const;
  app.get(
    '/health/live',
    { config: { access: 'public' }, schema: { hide: true, response: { 200: status } } },
    async () => ({
      status: 'ok',
    }),
  );
  app.get(
    '/health/ready',
    { config: { access: 'public' }, schema: { hide: true, response: { 200: status, 503: status } } },
    async (_request, reply) => {
      try {
        await store.headPosition();
        return { status: 'ok' };
      } catch {
        return reply.code(503).send({ status: 'unavailable' });
      }
    },
  );
}
