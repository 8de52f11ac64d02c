import type { Role } from './principal.js';

/** Event types of the auth module (payload schema version 1). */
export const AuthEvents = {
  tokenCreated: 'auth.token_created',
  tokenRevoked: 'auth.token_revoked',
  permissionDenied: 'auth.permission_denied',
  authenticationFailed: 'auth.authentication_failed',
  loginSucceeded: 'auth.login_succeeded',
  loginFailed: 'auth.login_failed',
  loggedOut: 'auth.logged_out',
  passwordChanged: 'auth.password_changed',
  totpEnabled: 'auth.totp_enabled',
  totpDisabled: 'auth.totp_disabled',
  setupCodeIssued: 'auth.setup_code_issued',
  setupCompleted: 'auth.setup_completed',
} as const;

/** Why a login was refused (the attempted name is recorded only when such a user exists). */
export type LoginFailureReason = 'unknown_user' | 'disabled' | 'wrong_password' | 'wrong_code' | 'locked_out';

export interface LoginSucceededData {
  userId: string;
  name: string;
  sessionId: string;
  /** password, or password+totp when a second factor was checked. */
  method: 'password' | 'password+totp' | 'setup';
}

export interface LoginFailedData {
  reason: LoginFailureReason;
  /** Set only when the name belongs to a user: a mistyped password in the name field is never stored. */
  userId?: string;
  name?: string;
}

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

/** Stream of a user's credential changes (password, second factor); the secrets are never in events. */
export const credentialStream = (userId: string) => `credentials-${userId}`;

/** Stream of access audit events (logins, logouts, denials, failed authentications). */
export const AUDIT_STREAM = 'audit-access';
