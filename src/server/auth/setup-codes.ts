import { randomBytes } from 'node:crypto';
import type { EventMetadata, EventStore } from '../../events/index.js';
import type { Clock } from '../../kernel/index.js';
import { AuthEvents } from './auth-events.js';
import { hashSecret, secretMatches } from './token-secret.js';

const CODE_PATTERN = /^setup_([0-9a-f]{16})_([A-Za-z0-9_-]{32})$/;
const SETUP_STREAM = 'auth-setup';

/**
 * One-time setup codes: printed on the console at first start, each lets one user set a
 * password once before it expires. Stored hashed; issuing and redeeming are events.
 */
export class SetupCodes {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async start(): Promise<void> {
    await this.store.withTransaction((tx) =>
      tx.execute(`CREATE TABLE IF NOT EXISTS auth_setup_codes (
        code_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, secret_hash TEXT NOT NULL,
        expires_at BIGINT NOT NULL, used_at BIGINT)`),
    );
  }

  async issue(userId: string, lifetimeMs: number, metadata: EventMetadata): Promise<string> {
    const codeId = randomBytes(8).toString('hex');
    const secret = randomBytes(24).toString('base64url');
    const expiresAt = this.clock.now() + lifetimeMs;
    await this.store.withTransaction(async (tx) => {
      await tx.execute(
        'INSERT INTO auth_setup_codes (code_id, user_id, secret_hash, expires_at) VALUES ($1, $2, $3, $4)',
        [codeId, userId, hashSecret(secret), expiresAt],
      );
      await tx.appendToStreams([
        {
          streamId: SETUP_STREAM,
          events: [
            {
              type: AuthEvents.setupCodeIssued,
              data: { codeId, userId, expiresAt: new Date(expiresAt).toISOString() },
              metadata,
            },
          ],
          expectedVersion: 'any',
        },
      ]);
    });
    return `setup_${codeId}_${secret}`;
  }

  /** The user a code was issued for, if it is valid, unused and unexpired; does not use it up. */
  async peek(code: string): Promise<string | undefined> {
    return (await this.find(code))?.userId;
  }

  /** Uses a code up; resolves to the user it was issued for, or undefined (unknown, used, expired). */
  async redeem(code: string, metadata: EventMetadata): Promise<string | undefined> {
    const found = await this.find(code);
    if (!found) return undefined;
    const { codeId, userId } = found;
    const now = this.clock.now();
    return this.store.withTransaction(async (tx) => {
      const claimed = await tx.execute(
        'UPDATE auth_setup_codes SET used_at = $1 WHERE code_id = $2 AND used_at IS NULL AND expires_at > $1',
        [now, codeId],
      );
      if (claimed !== 1) return undefined;
      await tx.appendToStreams([
        {
          streamId: SETUP_STREAM,
          events: [{ type: AuthEvents.setupCompleted, data: { codeId, userId }, metadata }],
          expectedVersion: 'any',
        },
      ]);
      return userId;
    });
  }

  private async find(code: string): Promise<{ codeId: string; userId: string } | undefined> {
    const match = CODE_PATTERN.exec(code);
    if (!match) return undefined;
    const [, codeId, secret] = match as unknown as [string, string, string];
    const rows = await this.store.query<{
      user_id: string;
      secret_hash: string;
      expires_at: number | string;
      used_at: unknown;
    }>('SELECT user_id, secret_hash, expires_at, used_at FROM auth_setup_codes WHERE code_id = $1', [codeId]);
    const row = rows[0];
    if (!row || !secretMatches(secret, row.secret_hash)) return undefined;
    if (row.used_at !== null || Number(row.expires_at) <= this.clock.now()) return undefined;
    return { codeId, userId: row.user_id };
  }
}
