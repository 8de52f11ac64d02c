import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RateLimitedError } from '../resilience/index.js';
import { checkCsrf } from './auth/csrf.js';
import type { Principal, Role } from './auth/principal.js';
import { roleAllows } from './auth/principal.js';
import { HttpProblemError } from './problem.js';
import type { RequestLimits } from './protection/request-limits.js';

/** Who may call a route: anyone (health only), or a role and above. Every route must say. */
export type Access = 'public' | Role;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyInstance {
    /** Every route and the access it declared (for the authorization matrix test and docs). */
    accessRules: Array<{ method: string; url: string; access: Access | undefined }>;
  }
}

export interface AccessControlOptions {
  /** Rate limits and the failed-authentication lockout; none when absent. */
  limits?: RequestLimits;
  /** Resolves the caller from the request (bearer token, session cookie); undefined when anonymous. */
  authenticate(request: FastifyRequest): Promise<Principal | undefined>;
  /** Called when an authenticated caller is refused (audit). */
  onDenied(request: FastifyRequest, principal: Principal, required: Access): Promise<void>;
}

/**
 * Deny by default: every route must declare `config.access`, checked when the server is
 * ready (a route without one stops start-up), and every request is authenticated and
 * authorized before its handler runs.
 */
export function registerAccessControl(app: FastifyInstance, options: AccessControlOptions): void {
  const routes: Array<{ method: string | string[]; url: string; config?: { access?: Access } }> = [];
  app.addHook('onRoute', (route) => {
    routes.push(route as (typeof routes)[number]);
  });
  app.decorate('accessRules', {
    getter: () =>
      routes.flatMap((r) =>
        [r.method].flat().map((method) => ({ method, url: r.url, access: r.config?.access })),
      ),
  });
  app.addHook('onReady', async () => {
    const open = routes.filter((r) => !r.config?.access && r.method !== 'HEAD');
    if (open.length > 0) {
      const list = open.map((r) => `${[r.method].flat().join(',')} ${r.url}`).join(', ');
      throw new Error(`Routes without an access rule (config.access): ${list}`);
    }
  });
  app.addHook('onRequest', async (request) => {
    const required = request.routeOptions.config?.access;
    if (required === 'public') return;
    if (required === undefined) {
      // Unknown routes fall through to the not-found handler, which reveals nothing.
      if (request.is404) return;
      throw new HttpProblemError(403, 'FORBIDDEN', 'This route has no access rule');
    }
    const limits = options.limits;
    limits?.refuseLockedOut(request.ip);
    const principal = await options.authenticate(request);
    if (!principal) {
      // A bad bearer token counts toward the IP's lockout; a stale session cookie (logged out,
      // expired) is common and harmless, so it counts as an anonymous request.
      if (request.headers.authorization) await limits?.recordFailedAuthentication(request.ip);
      else await limits?.take('ip', request.ip).catch(rethrowAsTooMany);
      throw new HttpProblemError(
        401,
        'UNAUTHENTICATED',
        'Authentication required: send Authorization: Bearer <token>, or log in (POST /api/session)',
      );
    }
    request.principal = principal;
    await limits?.take('token', principal.id).catch(rethrowAsTooMany);
    if (principal.kind === 'session') checkCsrf(request, principal);
    if (!roleAllows(principal.role, required)) {
      await options.onDenied(request, principal, required);
      throw new HttpProblemError(
        403,
        'FORBIDDEN',
        `This needs the ${required} role; ${principal.actor} is ${principal.role}`,
      );
    }
  });
}

function tooMany(retryAfterMs: number, message: string): HttpProblemError {
  return new HttpProblemError(429, 'RATE_LIMITED', message, { retryAfterMs });
}

function rethrowAsTooMany(error: unknown): never {
  if (error instanceof RateLimitedError) throw tooMany(error.retryAfterMs, 'Too many requests; slow down');
  throw error;
}

/** The principal of an authenticated route (set by access control before the handler). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new HttpProblemError(401, 'UNAUTHENTICATED', 'Authentication required');
  return request.principal;
}
