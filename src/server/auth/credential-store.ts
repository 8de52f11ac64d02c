import { randomBytes } from 'node:crypto';
import type { EventMetadata, EventStore, StoreTransaction } from '../../events/index.js';
import type { Clock } from '../../kernel/index.js';
import { AuthEvents, credentialStream } from './auth-events.js';
import { DEFAULT_PASSWORD_COST, hashPassword, verifyPassword } from './password-hash.js';
import { matchTotp } from './totp.js';

interface CredentialRow {
  user_id: string;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled: number | boolean;
  totp_last_step: number | string | null;
}

export interface CredentialState {
  hasPassword: boolean;
  totpEnabled: boolean;
}

/**
 * A user's secrets: the password hash and the TOTP secret. They live in `auth_credentials_user`
 * only, written in the same transaction as the event that records the change
 * (`auth.password_changed`, `auth.totp_enabled`, `auth.totp_disabled`), which never carries them.
 */
export class CredentialStore {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    readonly passwordCost = DEFAULT_PASSWORD_COST,
  ) {}

  private dummyHash: Promise<string> | undefined;

  async start(): Promise<void> {
    await this.store.withTransaction((tx) =>
      tx.execute(`CREATE TABLE IF NOT EXISTS auth_user_credentials (
        user_id TEXT PRIMARY KEY, password_hash TEXT, password_changed_at BIGINT,
        totp_secret TEXT, totp_enabled BOOLEAN NOT NULL DEFAULT FALSE, totp_last_step BIGINT)`),
    );
  }

  async state(userId: string): Promise<CredentialState> {
    const row = await this.row(userId);
    return { hasPassword: Boolean(row?.password_hash), totpEnabled: Boolean(row?.totp_enabled) };
  }

  /** Sets (or replaces) a password; the caller has checked the policy. */
  async setPassword(userId: string, password: string, metadata: EventMetadata): Promise<void> {
    const hash = await hashPassword(password, this.passwordCost);
    await this.store.withTransaction(async (tx) => {
      await this.upsert(tx, userId);
      await tx.execute(
        'UPDATE auth_user_credentials SET password_hash = $1, password_changed_at = $2 WHERE user_id = $3',
        [hash, this.clock.now(), userId],
      );
      await this.record(tx, userId, AuthEvents.passwordChanged, metadata);
    });
  }

  /** True when the password is the user's; re-hashes it in place when it was hashed at a lower cost. */
  async checkPassword(userId: string, password: string): Promise<boolean> {
    const row = await this.row(userId);
    if (!row?.password_hash) {
      // Spend the same time as a real check, so timing does not tell which users exist.
      await verifyPassword(password, await this.dummy(), this.passwordCost);
      return false;
    }
    const { ok, outdated } = await verifyPassword(password, row.password_hash, this.passwordCost);
    if (outdated) {
      const hash = await hashPassword(password, this.passwordCost);
      await this.store.withTransaction((tx) =>
        tx.execute('UPDATE auth_user_credentials SET password_hash = $1 WHERE user_id = $2', [hash, userId]),
      );
    }
    return ok;
  }

  /** Stores a TOTP secret awaiting confirmation (not yet required at login). */
  async stageTotp(userId: string, secret: string): Promise<void> {
    await this.store.withTransaction(async (tx) => {
      await this.upsert(tx, userId);
      await tx.execute(
        'UPDATE auth_user_credentials SET totp_secret = $1, totp_enabled = FALSE, totp_last_step = NULL WHERE user_id = $2',
        [secret, userId],
      );
    });
  }

  /** Confirms the staged secret with a code from the app; from then on logins need a code. */
  async enableTotp(userId: string, code: string, metadata: EventMetadata): Promise<boolean> {
    const row = await this.row(userId);
    if (!row?.totp_secret || row.totp_enabled) return false;
    const step = matchTotp(row.totp_secret, code, this.clock.now(), null);
    if (step === undefined) return false;
    await this.store.withTransaction(async (tx) => {
      await tx.execute(
        'UPDATE auth_user_credentials SET totp_enabled = TRUE, totp_last_step = $1 WHERE user_id = $2',
        [step, userId],
      );
      await this.record(tx, userId, AuthEvents.totpEnabled, metadata);
    });
    return true;
  }

  async disableTotp(userId: string, metadata: EventMetadata): Promise<void> {
    await this.store.withTransaction(async (tx) => {
      await tx.execute(
        'UPDATE auth_user_credentials SET totp_secret = NULL, totp_enabled = FALSE, totp_last_step = NULL WHERE user_id = $1',
        [userId],
      );
      await this.record(tx, userId, AuthEvents.totpDisabled, metadata);
    });
  }

  /** Checks a login code; each code is accepted once (the step it matched is remembered). */
  async checkTotp(userId: string, code: string): Promise<boolean> {
    const row = await this.row(userId);
    if (!row?.totp_secret || !row.totp_enabled) return false;
    const lastStep = row.totp_last_step === null ? null : Number(row.totp_last_step);
    const step = matchTotp(row.totp_secret, code, this.clock.now(), lastStep);
    if (step === undefined) return false;
    const claimed = await this.store.withTransaction((tx) =>
      tx.execute(
        'UPDATE auth_user_credentials SET totp_last_step = $1 WHERE user_id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)',
        [step, userId],
      ),
    );
    return claimed === 1;
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'), this.passwordCost);
    return this.dummyHash;
  }

  private async row(userId: string): Promise<CredentialRow | undefined> {
    const rows = await this.store.query<CredentialRow>(
      'SELECT * FROM auth_user_credentials WHERE user_id = $1',
      [userId],
    );
    return rows[0];
  }

  private async upsert(tx: StoreTransaction, userId: string): Promise<void> {
    await tx.execute(
      'INSERT INTO auth_user_credentials (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING',
      [userId],
    );
  }

  private async record(
    tx: StoreTransaction,
    userId: string,
    type: string,
    metadata: EventMetadata,
  ): Promise<void> {
    await tx.appendToStreams([
      {
        streamId: credentialStream(userId),
        events: [{ type, data: { userId }, metadata }],
        expectedVersion: 'any',
      },
    ]);
  }
}
