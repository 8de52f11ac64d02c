import type { TokenRegistry } from './token-registry.js';

const FIRST_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * First start on an empty data directory: there is no default password or token, so Vigia
 * creates one admin token, valid for 24 hours, and returns it to be shown once on the console.
 * Returns undefined when tokens exist already.
 */
export async function createFirstAdminToken(tokens: TokenRegistry): Promise<string | undefined> {
  if (!(await tokens.isEmpty())) return undefined;
  const { token } = await tokens.create(
    { name: 'first-admin', role: 'admin', expiresInMs: FIRST_TOKEN_LIFETIME_MS },
    { actor: 'system:bootstrap' },
  );
  return token;
}
