/** Roles, weakest first; each includes everything the ones before it may do. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who a request acts as. */
export interface Principal {
  kind: 'token';
  /** Stable id of the credential (token id). */
  id: string;
  /** Name shown in audit events, e.g. `token:ci-deploy`. */
  actor: string;
  role: Role;
}

/** True when `role` may do what `required` allows. */
export function roleAllows(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}
