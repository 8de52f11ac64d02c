import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with scrypt (node:crypto, no native add-on). The stored form carries its
 * parameters, `scrypt$<log2N>$<r>$<p>$<salt>$<hash>`, so the cost can be raised later and old
 * hashes still verify (and are re-hashed at the next login).
 */
const KEY_BYTES = 32;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;

/** OWASP's recommendation for scrypt: N = 2^17, r = 8, p = 1 (128 MiB, ~0.4 s here). */
export const DEFAULT_PASSWORD_COST = 17;

function derive(password: string, salt: Buffer, log2N: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** log2N, r, p, maxmem: 2 ** log2N * r * 128 * 2 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string, cost = DEFAULT_PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost, BLOCK_SIZE, PARALLELISM);
  return [
    'scrypt',
    cost,
    BLOCK_SIZE,
    PARALLELISM,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

/** Checks a password against a stored hash; `outdated` when the hash used a lower cost than `cost`. */
export async function verifyPassword(
  password: string,
  stored: string,
  cost = DEFAULT_PASSWORD_COST,
): Promise<{ ok: boolean; outdated: boolean }> {
  const [scheme, log2N, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return { ok: false, outdated: false };
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), Number(log2N), Number(r), Number(p));
  const ok = actual.length === expected.length && timingSafeEqual(actual, expected);
  return { ok, outdated: ok && Number(log2N) < cost };
}

/** Why a new password is refused, or undefined when it is acceptable (NIST SP 800-63B style: length, not composition). */
export function passwordProblem(password: string, userName: string): string | undefined {
  const length = [...password].length;
  if (length < 10) return 'must be at least 10 characters';
  if (length > 256) return 'must be at most 256 characters';
  if (password.toLowerCase().includes(userName.toLowerCase())) return 'must not contain the user name';
  if (/^(.)\1*$/u.test(password)) return 'must not be one character repeated';
  return undefined;
}
