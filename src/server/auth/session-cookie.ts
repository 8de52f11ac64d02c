import type { FastifyRequest } from 'fastify';

/** The cookie that carries a dashboard session. */
export const SESSION_COOKIE = 'vigia_session';

/** When session cookies get the Secure attribute: auto = unless served over plain HTTP on loopback. */
export type SecureCookieMode = 'auto' | 'always' | 'never';

/** The session cookie's value from a Cookie header, if any. */
export function readSessionCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Set-Cookie for a session: HttpOnly (no script reads it), SameSite=Strict (no other site
 * sends it), Path=/, and Secure unless the server is plainly local.
 */
export function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  const parts = [
    `${SESSION_COOKIE}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
  ];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** Whether this request's cookies should be Secure under `mode`. */
export function cookieShouldBeSecure(request: FastifyRequest, mode: SecureCookieMode): boolean {
  if (mode !== 'auto') return mode === 'always';
  if (request.protocol === 'https') return true;
  return !LOOPBACK.test(request.socket.localAddress ?? '');
}
