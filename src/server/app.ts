import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { EventStore } from '../events/index.js';
import type { Logger } from '../kernel/index.js';

export interface ServerDependencies {
  store: EventStore;
  logger: Logger;
  version: string;
}

/**
 * The HTTP server. At this stage it carries health endpoints and a start page; the API,
 * authentication and the dashboard are added by later modules. Health routes reveal
 * nothing beyond up/down, so they are the only ones without authentication.
 */
export function buildServer({ store, logger, version }: ServerDependencies): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    return503OnClosing: true,
  });

  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
  });

  app.get('/health/live', async () => ({ status: 'ok' }));

  app.get('/health/ready', async (_request, reply) => {
    try {
      await store.headPosition();
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });

  app.get('/', async (_request, reply) =>
    reply
      .type('text/plain; charset=utf-8')
      .send(
        `Vigia ${version} is running.\nNothing is configured yet: the event store is ready and /health/live, /health/ready answer.\n`,
      ),
  );

  return app;
}
