import type { FastifyInstance } from 'fastify';
import { principalOf } from '../access.js';

/** Who the caller is, as the server sees it. */
export async function meRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/me',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['auth'],
        summary: 'The authenticated caller',
        response: {
          200: {
            type: 'object',
            properties: { actor: { type: 'string' }, role: { type: 'string' }, kind: { type: 'string' } },
          },
        },
      },
    },
    async (request) => {
      const { actor, role, kind } = principalOf(request);
      return { actor, role, kind };
    },
  );
}
