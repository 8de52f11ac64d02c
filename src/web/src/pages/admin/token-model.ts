import { ApiError } from '../../api.js';
import type { Role } from '../../session.js';

/** A token as `GET /api/tokens` lists it (never its secret; the API keeps no "last used"). */
export interface TokenInfo {
  tokenId: string;
  name: string;
  role: Role;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** The answer of `POST /api/tokens`: the token itself, in this answer only. */
export interface CreatedToken {
  token: string;
  info: TokenInfo;
}

/** Whether a token still opens the API. */
export type TokenStatus = 'active' | 'expired' | 'revoked';

/** The fields of the new-token form, as typed. */
export interface NewTokenForm {
  name: string;
  role: Role;
  /** Whole days; empty for a token that never expires. */
  expiresInDays: string;
}

/** Whether a token is active, expired (at `nowMs`) or revoked (revoked wins). */
export function tokenStatus(token: TokenInfo, nowMs: number): TokenStatus {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= nowMs) return 'expired';
  return 'active';
}

/**
 * The body of `POST /api/tokens`. An empty expiry is left out (the token never expires); one
 * that is not a whole number is refused here with the field named, as the server would.
 */
export function newTokenBody(form: NewTokenForm): { name: string; role: Role; expiresInDays?: number } {
  const body = { name: form.name.trim(), role: form.role };
  const days = form.expiresInDays.trim();
  if (days === '') return body;
  const value = Number(days);
  if (!Number.isInteger(value)) {
    const message = 'must be a whole number of days (or empty: never expires)';
    throw new ApiError(400, 'VALIDATION_FAILED', `expiresInDays ${message}`, [
      { field: 'body.expiresInDays', message },
    ]);
  }
  return { ...body, expiresInDays: value };
}

/** Tokens newest first. */
export function sortTokens(tokens: readonly TokenInfo[]): TokenInfo[] {
  return [...tokens].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}
