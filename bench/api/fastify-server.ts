/**
 * The anchor: bare Fastify (no logger, no hooks, no plugins) on 127.0.0.1 with a free port, the
 * ceiling any Fastify application on this machine stays under. `GET /hello` answers a small JSON
 * object; `POST /hello/:id` parses the same JSON body as Vigia's append and answers 201.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { serveWorker } from '../lib/worker.js';

let app: FastifyInstance | undefined;

serveWorker({
  async open(): Promise<{ address: string }> {
    app = Fastify();
    app.get('/hello', async () => ({ hello: 'world' }));
    app.post<{ Params: { id: string }; Body: unknown }>('/hello/:id', async (request, reply) =>
      reply.code(201).send({ id: request.params.id, received: request.body !== undefined }),
    );
    return { address: await app.listen({ host: '127.0.0.1', port: 0 }) };
  },
  /** CPU time this process has used, in µs: its cost per request, whatever the load generator does. */
  async cpuMicros(): Promise<number> {
    const { user, system } = process.cpuUsage();
    return user + system;
  },
  async close() {
    await app?.close();
  },
});
