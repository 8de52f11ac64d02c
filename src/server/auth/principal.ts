/** Roles, weakest first; each includes everything the ones before it may do. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who a request acts as: an API token, or a user logged in to a session. */
export type Principal = TokenPrincipal | SessionPrincipal;

interface PrincipalBase {
  /** Stable id of the caller for rate limits (token id or user id). */
  id: string;
  /** Name shown in audit events, e.g. `token:ci-deploy` or `user:ana`. */
  actor: string;
  role: Role;
}

export interface TokenPrincipal extends PrincipalBase {
  kind: 'token';
}

export interface SessionPrincipal extends PrincipalBase {
  kind: 'session';
  userId: string;
  name: string;
  sessionId: string;
  /** Must accompany every state-changing request of this session (X-CSRF-Token). */
  csrfToken: string;
  expiresAt: number;
}

/** True when `role` may do what `required` allows. */
export function roleAllows(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}
