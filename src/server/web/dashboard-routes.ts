import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { HttpProblemError } from '../problem.js';

/**
 * Serves the dashboard built by Vite (`dist/web`) at `/`: hashed files under `/assets/` cached
 * for a year, every other path that is not a file answered with `index.html` (no caching), so a
 * page's URL can be bookmarked. Public: the login page has to load before anyone is logged in;
 * the API behind it stays authenticated. Paths under `/api/` never fall back to the page.
 */
export async function dashboardRoutes(app: FastifyInstance, { root }: { root: string }) {
  await app.register(fastifyStatic, { root, serve: false });
  const page = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html', root, { cacheControl: false });

  app.get<{ Params: { '*': string } }>(
    '/*',
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      const wanted = request.params['*'] ?? '';
      if (wanted === 'api' || wanted.startsWith('api/')) {
        throw new HttpProblemError(
          404,
          'NOT_FOUND',
          `No route ${request.method} ${request.url.split('?')[0]}`,
        );
      }
      const file = path.resolve(root, wanted);
      const inside = file.startsWith(`${path.resolve(root)}${path.sep}`);
      if (wanted && inside && existsSync(file) && statSync(file).isFile()) {
        const immutable = wanted.startsWith('assets/');
        return reply.sendFile(wanted, root, {
          cacheControl: true,
          immutable,
          maxAge: immutable ? 365 * 24 * 3_600_000 : 0,
        });
      }
      return page(reply);
    },
  );
}

/** The built dashboard's folder, if there is one (`npm run build` makes it). */
export function builtDashboard(root: string): string | undefined {
  return existsSync(path.join(root, 'index.html')) ? root : undefined;
}
