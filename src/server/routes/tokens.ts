import type { FastifyInstance } from 'fastify';
import { ROLES } from '../auth/principal.js';
import type { TokenRegistry } from '../auth/token-registry.js';
import { HttpProblemError } from '../problem.js';
import { requestMetadata } from '../request-metadata.js';

const tokenInfo = {
  type: 'object',
  properties: {
    tokenId: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', enum: [...ROLES] },
    createdAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: ['string', 'null'], format: 'date-time' },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

const MAX_EXPIRY_DAYS = 3650;

/** API tokens for scripts: listed, created (the secret is shown once) and revoked; admin only. */
export async function tokenRoutes(
  app: FastifyInstance,
  { tokens }: { tokens: TokenRegistry },
): Promise<void> {
  app.get(
    '/api/tokens',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['tokens'],
        summary: 'List API tokens (never their secrets)',
        response: { 200: { type: 'object', properties: { tokens: { type: 'array', items: tokenInfo } } } },
      },
    },
    async () => ({ tokens: await tokens.list() }),
  );

  app.post<{ Body: { name: string; role: (typeof ROLES)[number]; expiresInDays?: number } }>(
    '/api/tokens',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token; the token is in this response only',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'role'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9][A-Za-z0-9 ._-]*$' },
            role: { type: 'string', enum: [...ROLES] },
            expiresInDays: { type: 'integer', minimum: 1, maximum: MAX_EXPIRY_DAYS },
          },
        },
        response: { 201: { type: 'object', properties: { token: { type: 'string' }, info: tokenInfo } } },
      },
    },
    async (request, reply) => {
      const { name, role, expiresInDays } = request.body;
      const created = await tokens.create(
        { name, role, expiresInMs: expiresInDays === undefined ? undefined : expiresInDays * 86_400_000 },
        requestMetadata(request),
      );
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.delete<{ Params: { tokenId: string } }>(
    '/api/tokens/:tokenId',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token',
        params: {
          type: 'object',
          properties: { tokenId: { type: 'string', pattern: '^[0-9a-f]{16}$' } },
          required: ['tokenId'],
        },
      },
    },
    async (request, reply) => {
      const revoked = await tokens.revoke(request.params.tokenId, requestMetadata(request));
      if (!revoked) throw new HttpProblemError(404, 'NOT_FOUND', `No active token ${request.params.tokenId}`);
      return reply.code(204).send();
    },
  );
}
