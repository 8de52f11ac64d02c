import {
  type AuthSettings,
  DEFAULT_AUTH_SETTINGS,
  ROLES,
  type Role,
  type TokenRegistry,
} from '../../src/server/index.js';

/** Auth settings for tests: scrypt at the lowest accepted cost, so logins take ~50 ms, not ~400. */
export const TEST_AUTH_SETTINGS: AuthSettings = { ...DEFAULT_AUTH_SETTINGS, passwordCost: 14 };

/** One API token per role, as ready-to-send Authorization header values. */
export async function bearerPerRole(tokens: TokenRegistry, prefix = 'test'): Promise<Record<Role, string>> {
  const out = {} as Record<Role, string>;
  for (const role of ROLES) {
    const { token } = await tokens.create({ name: `${prefix}-${role}`, role }, { actor: 'test' });
    out[role] = `Bearer ${token}`;
  }
  return out;
}

/** One API token per role, as ready-to-send header objects (`{ authorization: 'Bearer …' }`). */
export async function headersPerRole(
  tokens: TokenRegistry,
  prefix = 'test',
): Promise<Record<Role, { authorization: string }>> {
  const bearer = await bearerPerRole(tokens, prefix);
  const out = {} as Record<Role, { authorization: string }>;
  for (const role of ROLES) out[role] = { authorization: bearer[role] };
  return out;
}

/**
 * The secret part of a token or setup code (`vigia_<id>_<secret>`, `setup_<id>_<secret>`), with or without
 * `Bearer `. The secret is base64url and may itself hold `_`, so it is everything after the second `_`.
 */
export function secretPartOf(credential: string): string {
  const match = /^(?:Bearer )?[a-z]+_[0-9a-f]+_(.+)$/.exec(credential);
  if (!match?.[1] || match[1].length < 20)
    throw new Error(`not a Vigia credential: ${credential.slice(0, 12)}…`);
  return match[1];
}
