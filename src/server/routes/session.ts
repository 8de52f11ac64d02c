import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EventStore } from '../../events/index.js';
import { principalOf } from '../access.js';
import type { Accounts, LoggedIn } from '../auth/accounts.js';
import { auditAuthenticationFailed } from '../auth/audit.js';
import { ROLES, type SessionPrincipal } from '../auth/principal.js';
import {
  clearedSessionCookie,
  cookieShouldBeSecure,
  type SecureCookieMode,
  sessionCookie,
} from '../auth/session-cookie.js';
import type { SetupCodes } from '../auth/setup-codes.js';
import { HttpProblemError } from '../problem.js';
import type { RequestLimits } from '../protection/request-limits.js';
import { requestMetadata } from '../request-metadata.js';

export interface SessionRouteOptions {
  store: EventStore;
  accounts: Accounts;
  setupCodes: SetupCodes;
  limits?: RequestLimits;
  secureCookies: SecureCookieMode;
}

const user = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', enum: [...ROLES] },
    displayName: { type: 'string' },
  },
} as const;

const sessionInfo = {
  type: 'object',
  properties: {
    user,
    csrfToken: { type: 'string', description: 'Send as X-CSRF-Token on every POST, PUT and DELETE' },
    expiresAt: { type: 'string', format: 'date-time' },
  },
} as const;

const password = { type: 'string', minLength: 1, maxLength: 1024 } as const;

/**
 * Dashboard login: a session in an HttpOnly, SameSite=Strict cookie, with a CSRF token that
 * state-changing requests must echo in X-CSRF-Token. Also the first-start setup that gives
 * the admin user its password.
 */
export async function sessionRoutes(app: FastifyInstance, options: SessionRouteOptions): Promise<void> {
  const { accounts, setupCodes, limits } = options;

  const startSession = (request: FastifyRequest, reply: FastifyReply, loggedIn: LoggedIn) => {
    const secure = cookieShouldBeSecure(request, options.secureCookies);
    const maxAge = (loggedIn.session.expiresAt - Date.now()) / 1000;
    return reply
      .header('set-cookie', sessionCookie(loggedIn.session.cookieValue, maxAge, secure))
      .header('cache-control', 'no-store')
      .send({
        user: loggedIn.user,
        csrfToken: loggedIn.session.csrfToken,
        expiresAt: new Date(loggedIn.session.expiresAt).toISOString(),
      });
  };

  app.post<{ Body: { name: string; password: string; code?: string } }>(
    '/api/session',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Log in with name and password (and code, with a second factor); sets the session cookie',
        security: [],
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'password'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 64 },
            password,
            code: { type: 'string', pattern: '^[0-9]{6}$' },
          },
        },
        response: { 200: sessionInfo },
      },
    },
    async (request, reply) => {
      limits?.refuseLockedOut(request.ip);
      try {
        const loggedIn = await accounts.login(request.body, requestMetadata(request));
        return startSession(request, reply, loggedIn);
      } catch (error) {
        if (error instanceof HttpProblemError && error.status === 401) {
          await limits?.recordFailedAuthentication(request.ip);
        }
        throw error;
      }
    },
  );

  app.get(
    '/api/session',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['auth'],
        summary: 'The current session: its user and CSRF token (dashboard sessions only)',
        response: { 200: sessionInfo },
      },
    },
    async (request, reply) => {
      const principal = sessionPrincipalOf(request);
      const found = await accounts.getUser(principal.userId);
      if (!found) throw new HttpProblemError(401, 'UNAUTHENTICATED', 'The session has ended');
      return reply.header('cache-control', 'no-store').send({
        user: { id: found.id, name: principal.name, role: principal.role },
        csrfToken: principal.csrfToken,
        expiresAt: new Date(principal.expiresAt).toISOString(),
      });
    },
  );

  app.delete(
    '/api/session',
    {
      config: { access: 'viewer' },
      schema: { tags: ['auth'], summary: 'Log out: end this session and clear its cookie' },
    },
    async (request, reply) => {
      const principal = sessionPrincipalOf(request);
      await accounts.logout(principal, requestMetadata(request));
      const secure = cookieShouldBeSecure(request, options.secureCookies);
      return reply.header('set-cookie', clearedSessionCookie(secure)).code(204).send();
    },
  );

  app.post<{ Body: { code: string; password: string } }>(
    '/api/setup',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'First start: set the admin password with the one-time code printed on the console',
        security: [],
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['code', 'password'],
          properties: { code: { type: 'string', minLength: 1, maxLength: 200 }, password },
        },
        response: { 200: sessionInfo },
      },
    },
    async (request, reply) => {
      limits?.refuseLockedOut(request.ip);
      const metadata = requestMetadata(request);
      const invalid = async (): Promise<never> => {
        await limits?.recordFailedAuthentication(request.ip);
        await auditAuthenticationFailed(options.store, request);
        throw new HttpProblemError(401, 'SETUP_CODE_INVALID', 'The setup code is unknown, used or expired');
      };
      const userId = await setupCodes.peek(request.body.code);
      const target = userId ? await accounts.getUser(userId) : undefined;
      if (!target) return invalid();
      // The password is checked before the code is used up, so a refused password costs nothing.
      accounts.checkNewPassword(target, request.body.password);
      if (!(await setupCodes.redeem(request.body.code, metadata))) return invalid();
      await accounts.setPassword(target.id, request.body.password, { ...metadata, actor: 'system:setup' });
      return startSession(request, reply, await accounts.openSession(target, 'setup', metadata));
    },
  );
}

/** The session principal of a request, or 400 for callers that use a token. */
export function sessionPrincipalOf(request: FastifyRequest): SessionPrincipal {
  const principal = principalOf(request);
  if (principal.kind !== 'session') {
    throw new HttpProblemError(
      400,
      'NOT_A_SESSION',
      'This needs a dashboard login session, not an API token',
    );
  }
  return principal;
}
