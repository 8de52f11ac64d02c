import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HttpProblemError } from '../problem.js';
import type { SessionPrincipal } from './principal.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie sessions, two layers deep: the cookie is SameSite=Strict, and every
 * state-changing request must carry the session's token in X-CSRF-Token (a page on another
 * origin cannot read it) and, when the browser sends Origin, come from this server's origin.
 * API tokens are sent explicitly by the caller and need neither.
 */
export function checkCsrf(request: FastifyRequest, principal: SessionPrincipal): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.origin;
  if (origin !== undefined && !sameHost(origin, request.headers.host)) {
    throw new HttpProblemError(
      403,
      'CSRF_FAILED',
      `Requests from origin ${origin.slice(0, 100)} are refused`,
    );
  }
  const presented = request.headers['x-csrf-token'];
  const expected = Buffer.from(principal.csrfToken);
  const given = Buffer.from(typeof presented === 'string' ? presented : '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new HttpProblemError(
      403,
      'CSRF_FAILED',
      'Missing or wrong X-CSRF-Token: send the csrfToken of GET /api/session with every change',
    );
  }
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
