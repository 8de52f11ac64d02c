import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../auth/accounts.js';
import type { CredentialStore } from '../auth/credential-store.js';
import { newTotpSecret, otpauthUri } from '../auth/totp.js';
import { HttpProblemError } from '../problem.js';
import { requestMetadata } from '../request-metadata.js';
import { sessionPrincipalOf } from './session.js';

const password = { type: 'string', minLength: 1, maxLength: 1024 } as const;
const code = { type: 'string', pattern: '^[0-9]{6}$' } as const;
const passwordBody = {
  type: 'object',
  additionalProperties: false,
  required: ['password'],
  properties: { password },
} as const;

/** A logged-in user's own credentials: password and second factor. */
export async function accountRoutes(
  app: FastifyInstance,
  { accounts, credentials }: { accounts: Accounts; credentials: CredentialStore },
): Promise<void> {
  app.put<{ Body: { currentPassword: string; newPassword: string } }>(
    '/api/me/password',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['auth'],
        summary: 'Change your password; your other sessions end',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['currentPassword', 'newPassword'],
          properties: { currentPassword: password, newPassword: password },
        },
      },
    },
    async (request, reply) => {
      const principal = sessionPrincipalOf(request);
      const user = await accounts.getUser(principal.userId);
      if (!user) throw new HttpProblemError(404, 'NOT_FOUND', 'Your user no longer exists');
      accounts.checkNewPassword(user, request.body.newPassword, 'newPassword');
      const { currentPassword, newPassword } = request.body;
      await accounts.changeOwnPassword(principal, currentPassword, newPassword, requestMetadata(request));
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/me/totp',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['auth'],
        summary: 'Start adding a second factor: a new TOTP secret for your authenticator app',
        response: {
          200: {
            type: 'object',
            properties: { secret: { type: 'string' }, otpauthUri: { type: 'string' } },
          },
        },
      },
    },
    async (request, reply) => {
      const principal = sessionPrincipalOf(request);
      if ((await credentials.state(principal.userId)).totpEnabled) {
        throw new HttpProblemError(409, 'CONFLICT', 'A second factor is on already; turn it off first');
      }
      const secret = newTotpSecret();
      await credentials.stageTotp(principal.userId, secret);
      return reply
        .header('cache-control', 'no-store')
        .send({ secret, otpauthUri: otpauthUri(secret, principal.name) });
    },
  );

  app.post<{ Body: { code: string } }>(
    '/api/me/totp/confirm',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['auth'],
        summary: 'Turn the second factor on with a code from the app',
        body: { type: 'object', additionalProperties: false, required: ['code'], properties: { code } },
      },
    },
    async (request, reply) => {
      const principal = sessionPrincipalOf(request);
      if (!(await credentials.enableTotp(principal.userId, request.body.code, requestMetadata(request)))) {
        throw new HttpProblemError(
          400,
          'WRONG_CODE',
          'The code is not right, or no second factor was started',
        );
      }
      return reply.code(204).send();
    },
  );

  app.post<{ Body: { password: string } }>(
    '/api/me/totp/disable',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['auth'],
        summary: 'Turn your second factor off (needs your password)',
        body: passwordBody,
      },
    },
    async (request, reply) => {
      const principal = sessionPrincipalOf(request);
      if (!(await accounts.passwordMatches(principal, request.body.password))) {
        throw new HttpProblemError(403, 'WRONG_PASSWORD', 'The password is not right');
      }
      await credentials.disableTotp(principal.userId, requestMetadata(request));
      return reply.code(204).send();
    },
  );
}
