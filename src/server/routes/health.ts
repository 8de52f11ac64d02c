import type { FastifyInstance } from 'fastify';
import type { ConsumerStatus, EventStore } from '../../events/index.js';

/** A background consumer whose loop readiness watches (DurableConsumer fits). */
export interface WatchedConsumer {
  readonly name: string;
  readonly status: ConsumerStatus;
}

export interface HealthOptions {
  store: EventStore;
  /** Consumers that must be running (or waiting for a lease another instance holds). */
  consumers: ReadonlyArray<WatchedConsumer>;
}

/**
 * `/health/live` (the process answers) and `/health/ready` (the store answers and every
 * background consumer runs): unauthenticated, and they reveal nothing but up or down; what
 * is wrong goes to the log.
 */
export async function healthRoutes(app: FastifyInstance, { store, consumers }: HealthOptions): Promise<void> {
  const status = { type: 'object', properties: { status: { type: 'string' } } } as const;
  app.get(
    '/health/live',
    { config: { access: 'public' }, schema: { hide: true, response: { 200: status } } },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/health/ready',
    { config: { access: 'public' }, schema: { hide: true, response: { 200: status, 503: status } } },
    async (request, reply) => {
      try {
        await store.headPosition();
      } catch (error) {
        request.log.warn({ err: error }, 'not ready: the event store does not answer');
        return reply.code(503).send({ status: 'unavailable' });
      }
      const stopped = consumers.filter((c) => c.status === 'stopped').map((c) => c.name);
      if (stopped.length > 0) {
        request.log.warn({ consumers: stopped }, 'not ready: background consumers are not running');
        return reply.code(503).send({ status: 'unavailable' });
      }
      return { status: 'ok' };
    },
  );
}
