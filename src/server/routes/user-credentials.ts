import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../auth/accounts.js';
import type { CredentialStore } from '../auth/credential-store.js';
import { HttpProblemError } from '../problem.js';
import { requestMetadata } from '../request-metadata.js';

const userIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[0-9a-f-]{36}$' } },
} as const;
const passwordBody = {
  type: 'object',
  additionalProperties: false,
  required: ['password'],
  properties: { password: { type: 'string', minLength: 1, maxLength: 1024 } },
} as const;

/** The admin's levers on someone else's credentials: set a password, remove a lost second factor, end all sessions. */
export async function userCredentialRoutes(
  app: FastifyInstance,
  { accounts, credentials }: { accounts: Accounts; credentials: CredentialStore },
): Promise<void> {
  app.put<{ Params: { id: string }; Body: { password: string } }>(
    '/api/users/:id/password',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary: "Set a user's password; their sessions end",
        params: userIdParams,
        body: passwordBody,
      },
    },
    async (request, reply) => {
      await accounts.setPassword(request.params.id, request.body.password, requestMetadata(request));
      return reply.code(204).send();
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/users/:id/totp',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary: "Remove a user's second factor (a lost phone)",
        params: userIdParams,
      },
    },
    async (request, reply) => {
      await mustExist(accounts, request.params.id);
      await credentials.disableTotp(request.params.id, requestMetadata(request));
      return reply.code(204).send();
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/users/:id/sessions',
    {
      config: { access: 'admin' },
      schema: { tags: ['users'], summary: "End all of a user's login sessions", params: userIdParams },
    },
    async (request, reply) => {
      await mustExist(accounts, request.params.id);
      await accounts.endSessions(request.params.id, requestMetadata(request));
      return reply.code(204).send();
    },
  );
}

async function mustExist(accounts: Accounts, userId: string): Promise<void> {
  if (!(await accounts.getUser(userId))) throw new HttpProblemError(404, 'NOT_FOUND', `No user ${userId}`);
}
