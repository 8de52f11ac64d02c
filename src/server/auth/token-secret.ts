import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN_PATTERN = /^vigia_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** A new API token: its id (public, in URLs and events) and the full secret string shown once. */
export function generateToken(): { tokenId: string; token: string; secretHash: string } {
  const tokenId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { tokenId, token: `vigia_${tokenId}_${secret}`, secretHash: hashSecret(secret) };
}

/** Splits a presented token into id and secret; undefined when it is not one of ours. */
export function parseToken(token: string): { tokenId: string; secret: string } | undefined {
  const match = TOKEN_PATTERN.exec(token);
  return match ? { tokenId: match[1]!, secret: match[2]! } : undefined;
}

/** Tokens are 256 random bits, so a fast hash is enough (passwords, later, use scrypt). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares a presented secret with a stored hash in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
