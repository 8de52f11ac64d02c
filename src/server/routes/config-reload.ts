import type { FastifyInstance } from 'fastify';
import type { EventMetadata } from '../../events/index.js';
import type { ConfigReloadOutcome } from '../monitoring/config-reloader.js';
import { HttpProblemError } from '../problem.js';
import { requestMetadata } from '../request-metadata.js';

/** Re-reads the configuration file and applies it; the CLI layer supplies it (the server reads no files). */
export type ReloadConfig = (metadata: EventMetadata) => Promise<ConfigReloadOutcome>;

const names = { type: 'array', items: { type: 'string' } } as const;

/** `POST /api/config/reload` (admin): the same reload as SIGHUP, answered with what it changed. */
export async function configReloadRoutes(
  app: FastifyInstance,
  { reloadConfig }: { reloadConfig: ReloadConfig },
): Promise<void> {
  app.post(
    '/api/config/reload',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['config'],
        summary: 'Re-read the configuration file and apply its monitors (422 and nothing changed if invalid)',
        response: {
          200: {
            type: 'object',
            properties: {
              file: { type: 'string' },
              created: names,
              updated: names,
              deleted: names,
              unchanged: { type: 'integer' },
            },
          },
        },
      },
    },
    async (request) => {
      const outcome = await reloadConfig(requestMetadata(request));
      if (outcome.ok) return { file: outcome.file, ...outcome.report };
      const where = outcome.file ?? 'the configuration';
      throw new HttpProblemError(
        422,
        'CONFIG_INVALID',
        `${where} was not applied (${outcome.errors.length} problem(s)); the running configuration stays`,
        { errors: outcome.errors },
      );
    },
  );
}
