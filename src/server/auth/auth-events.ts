import type { Role } from './principal.js';

/** Event types of the auth module (payload schema version 1). */
export const AuthEvents = {
  tokenCreated: 'auth.token_created',
  tokenRevoked: 'auth.token_revoked',
  permissionDenied: 'auth.permission_denied',
  authenticationFailed: 'auth.authentication_failed',
} as const;

export interface TokenCreatedData {
  tokenId: string;
  name: string;
  role: Role;
  /** ISO time, or null for a token that does not expire. */
  expiresAt: string | null;
}

export interface TokenRevokedData {
  tokenId: string;
}

export interface PermissionDeniedData {
  method: string;
  route: string;
  required: string;
  role: string;
}

/** Stream of a token's lifecycle events. */
export const tokenStream = (tokenId: string) => `token-${tokenId}`;

/** Stream of access audit events (denials, failed authentications). */
export const AUDIT_STREAM = 'audit-access';
