import { createHash, randomBytes } from 'node:crypto';
import type { EventStore } from '../../events/index.js';
import type { Clock } from '../../kernel/index.js';
import { hashSecret, secretMatches } from './token-secret.js';

export interface SessionSettings {
  /** A session unused for this long ends. */
  idleTimeoutMs: number;
  /** A session ends this long after login however busy it is. */
  maxLifetimeMs: number;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = {
  idleTimeoutMs: 12 * 60 * 60 * 1000,
  maxLifetimeMs: 7 * 24 * 60 * 60 * 1000,
};

/** A session just opened: the cookie value and the CSRF token exist only in this object. */
export interface NewSession {
  sessionId: string;
  cookieValue: string;
  csrfToken: string;
  expiresAt: number;
}

export interface ActiveSession {
  sessionId: string;
  userId: string;
  csrfToken: string;
  expiresAt: number;
}

interface SessionRow {
  session_id: string;
  user_id: string;
  secret_hash: string;
  expires_at: number | string;
  last_seen_at: number | string;
  ended_at: number | string | null;
}

const COOKIE_VALUE = /^([0-9a-f]{32})\.([A-Za-z0-9_-]{43})$/;
/** last_seen_at is written at most this often per session, so reads stay reads. */
const TOUCH_INTERVAL_MS = 60_000;

/** The CSRF token of a session, derived from its secret so it needs no storage of its own. */
const csrfFor = (secret: string) => createHash('sha256').update(`csrf:${secret}`).digest('base64url');

/**
 * Login sessions of the dashboard. A session is a credential, like a token's secret: its
 * hash lives in `auth_sessions`, never in an event; logins and logouts are audit events
 * written by the caller. Sessions end on logout, on idle timeout, at their maximum
 * lifetime, and all at once when the user's password changes.
 */
export class SessionStore {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly settings: SessionSettings = DEFAULT_SESSION_SETTINGS,
  ) {}

  async start(): Promise<void> {
    await this.store.withTransaction(async (tx) => {
      await tx.execute(`CREATE TABLE IF NOT EXISTS auth_sessions (
        session_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, secret_hash TEXT NOT NULL,
        created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, last_seen_at BIGINT NOT NULL, ended_at BIGINT)`);
      await tx.execute('CREATE INDEX IF NOT EXISTS auth_sessions_user ON auth_sessions (user_id)');
    });
  }

  async open(userId: string): Promise<NewSession> {
    const sessionId = randomBytes(16).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = now + this.settings.maxLifetimeMs;
    await this.store.withTransaction(async (tx) => {
      // Sessions that ended long ago are deleted as new ones open, so the table stays small.
      await tx.execute('DELETE FROM auth_sessions WHERE expires_at < $1 OR ended_at < $1', [
        now - this.settings.maxLifetimeMs,
      ]);
      await tx.execute(
        `INSERT INTO auth_sessions (session_id, user_id, secret_hash, created_at, expires_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $4)`,
        [sessionId, userId, hashSecret(secret), now, expiresAt],
      );
    });
    return { sessionId, cookieValue: `${sessionId}.${secret}`, csrfToken: csrfFor(secret), expiresAt };
  }

  /** The live session a cookie value stands for, or undefined (unknown, forged, ended, idle, expired). */
  async resolve(cookieValue: string): Promise<ActiveSession | undefined> {
    const match = COOKIE_VALUE.exec(cookieValue);
    if (!match) return undefined;
    const [, sessionId, secret] = match as unknown as [string, string, string];
    const rows = await this.store.query<SessionRow>('SELECT * FROM auth_sessions WHERE session_id = $1', [
      sessionId,
    ]);
    const row = rows[0];
    if (!row || row.ended_at !== null || !secretMatches(secret, row.secret_hash)) return undefined;
    const now = this.clock.now();
    const lastSeen = Number(row.last_seen_at);
    if (Number(row.expires_at) <= now || lastSeen + this.settings.idleTimeoutMs <= now) return undefined;
    if (now - lastSeen >= TOUCH_INTERVAL_MS) {
      await this.store.withTransaction((tx) =>
        tx.execute('UPDATE auth_sessions SET last_seen_at = $1 WHERE session_id = $2', [now, sessionId]),
      );
    }
    return { sessionId, userId: row.user_id, csrfToken: csrfFor(secret), expiresAt: Number(row.expires_at) };
  }

  async end(sessionId: string): Promise<void> {
    await this.store.withTransaction((tx) =>
      tx.execute('UPDATE auth_sessions SET ended_at = $1 WHERE session_id = $2 AND ended_at IS NULL', [
        this.clock.now(),
        sessionId,
      ]),
    );
  }

  /** Ends every session of a user (password changed, user disabled by an admin, "log out everywhere"). */
  async endAllFor(userId: string, exceptSessionId?: string): Promise<void> {
    await this.store.withTransaction((tx) =>
      tx.execute(
        'UPDATE auth_sessions SET ended_at = $1 WHERE user_id = $2 AND ended_at IS NULL AND session_id <> $3',
        [this.clock.now(), userId, exceptSessionId ?? ''],
      ),
    );
  }
}
