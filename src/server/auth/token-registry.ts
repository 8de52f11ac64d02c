import type {
  EventMetadata,
  EventStore,
  InlineProjection,
  RecordedEvent,
  SqlTransaction,
} from '../../events/index.js';
import type { Clock } from '../../kernel/index.js';
import { AuthEvents, type TokenCreatedData, type TokenRevokedData, tokenStream } from './auth-events.js';
import type { Principal, Role } from './principal.js';
import { generateToken, parseToken, secretMatches } from './token-secret.js';

/** A token as listed (never its secret or hash). */
export interface TokenInfo {
  tokenId: string;
  name: string;
  role: Role;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

interface TokenRow {
  token_id: string;
  name: string;
  role: Role;
  created_at: number | string;
  expires_at: number | string | null;
  revoked_at: number | string | null;
}

const toIso = (ms: number | string | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

interface CachedToken {
  secretHash: string;
  principal: Principal;
  expiresAt: number | null;
  revoked: boolean;
  cachedAt: number;
}

/** How long a token looked up in the store is trusted without looking again. */
export const TOKEN_CACHE_TTL_MS = 5_000;
const TOKEN_CACHE_MAX = 10_000;

/**
 * API tokens. Their lifecycle is events (auth.token_created / auth.token_revoked) projected
 * inline into `auth_tokens`; the secret's hash lives apart in `auth_credentials`, written in
 * the same transaction, so no event, log line or response ever carries it.
 */
export class TokenRegistry {
  /**
   * Tokens recently looked up, so a script's requests cost no query each. A revocation here
   * (or any auth.token_revoked this process appends) evicts at once; one appended by another
   * process is seen within TOKEN_CACHE_TTL_MS. The secret is still checked on every request.
   */
  private readonly cache = new Map<string, CachedToken>();

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  /** Creates the tables and registers the projection; call once at start. */
  async start(): Promise<void> {
    this.store.onAppended((events) => {
      for (const event of events) {
        if (event.type === AuthEvents.tokenRevoked)
          this.cache.delete((event.data as TokenRevokedData).tokenId);
      }
    });
    await this.store.addInlineProjection(this.projection());
    await this.store.withTransaction(async (tx) => {
      await tx.execute(`CREATE TABLE IF NOT EXISTS auth_credentials (
        token_id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL, created_at BIGINT NOT NULL)`);
    });
  }

  /** Creates a token; the returned `token` string is the only time the secret exists outside the caller. */
  async create(
    input: { name: string; role: Role; expiresInMs?: number },
    metadata: EventMetadata,
  ): Promise<{ token: string; info: TokenInfo }> {
    const { tokenId, token, secretHash } = generateToken();
    const now = this.clock.now();
    const expiresAt =
      input.expiresInMs === undefined ? null : new Date(now + input.expiresInMs).toISOString();
    const data: TokenCreatedData = { tokenId, name: input.name, role: input.role, expiresAt };
    await this.store.withTransaction(async (tx) => {
      await tx.execute(
        'INSERT INTO auth_credentials (token_id, secret_hash, created_at) VALUES ($1, $2, $3)',
        [tokenId, secretHash, now],
      );
      await tx.appendToStreams([
        {
          streamId: tokenStream(tokenId),
          events: [{ type: AuthEvents.tokenCreated, data, metadata }],
          expectedVersion: 'no-stream',
        },
      ]);
    });
    return {
      token,
      info: {
        tokenId,
        name: input.name,
        role: input.role,
        createdAt: new Date(now).toISOString(),
        expiresAt,
        revokedAt: null,
      },
    };
  }

  /** Revokes a token; false when there is no such token or it was revoked already. */
  async revoke(tokenId: string, metadata: EventMetadata): Promise<boolean> {
    const info = await this.get(tokenId);
    if (!info || info.revokedAt) return false;
    const data: TokenRevokedData = { tokenId };
    await this.store.appendToStream(tokenStream(tokenId), [
      { type: AuthEvents.tokenRevoked, data, metadata },
    ]);
    this.cache.delete(tokenId);
    return true;
  }

  async get(tokenId: string): Promise<TokenInfo | undefined> {
    const rows = await this.store.query<TokenRow>('SELECT * FROM auth_tokens WHERE token_id = $1', [tokenId]);
    return rows[0] ? toInfo(rows[0]) : undefined;
  }

  async list(): Promise<TokenInfo[]> {
    const rows = await this.store.query<TokenRow>('SELECT * FROM auth_tokens ORDER BY created_at, token_id');
    return rows.map(toInfo);
  }

  /** True when no token was ever created (first start). */
  async isEmpty(): Promise<boolean> {
    const rows = await this.store.query<{ n: number | string }>('SELECT count(*) AS n FROM auth_tokens');
    return Number(rows[0]?.n ?? 0) === 0;
  }

  /** The principal a presented token stands for, or undefined (unknown, wrong secret, revoked, expired). */
  async authenticate(presented: string): Promise<Principal | undefined> {
    const parsed = parseToken(presented);
    if (!parsed) return undefined;
    const now = this.clock.now();
    let token = this.cache.get(parsed.tokenId);
    if (!token || now - token.cachedAt >= TOKEN_CACHE_TTL_MS) {
      token = await this.lookUp(parsed.tokenId, now);
      if (!token) return undefined;
    }
    if (!secretMatches(parsed.secret, token.secretHash)) return undefined;
    if (token.revoked || (token.expiresAt !== null && token.expiresAt <= now)) return undefined;
    return token.principal;
  }

  private async lookUp(tokenId: string, now: number): Promise<CachedToken | undefined> {
    const rows = await this.store.query<TokenRow & { secret_hash: string }>(
      `SELECT t.*, c.secret_hash FROM auth_tokens t JOIN auth_credentials c ON c.token_id = t.token_id
       WHERE t.token_id = $1`,
      [tokenId],
    );
    const row = rows[0];
    if (!row) return undefined;
    const token: CachedToken = {
      secretHash: row.secret_hash,
      principal: { kind: 'token', id: row.token_id, actor: `token:${row.name}`, role: row.role },
      expiresAt: row.expires_at === null ? null : Number(row.expires_at),
      revoked: row.revoked_at !== null,
      cachedAt: now,
    };
    this.cache.delete(tokenId);
    if (this.cache.size >= TOKEN_CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(tokenId, token);
    return token;
  }

  private projection(): InlineProjection {
    return {
      name: 'auth_tokens',
      eventTypePrefixes: ['auth.token_'],
      setup: async (tx: SqlTransaction) => {
        await tx.execute(`CREATE TABLE IF NOT EXISTS auth_tokens (
          token_id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, created_at BIGINT NOT NULL,
          expires_at BIGINT, revoked_at BIGINT)`);
      },
      apply: async (events: ReadonlyArray<RecordedEvent>, tx: SqlTransaction) => {
        for (const event of events) {
          if (event.type === AuthEvents.tokenCreated) {
            const d = event.data as TokenCreatedData;
            await tx.execute(
              'INSERT INTO auth_tokens (token_id, name, role, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
              [
                d.tokenId,
                d.name,
                d.role,
                event.time.getTime(),
                d.expiresAt === null ? null : Date.parse(d.expiresAt),
              ],
            );
          } else if (event.type === AuthEvents.tokenRevoked) {
            const d = event.data as TokenRevokedData;
            await tx.execute('UPDATE auth_tokens SET revoked_at = $1 WHERE token_id = $2', [
              event.time.getTime(),
              d.tokenId,
            ]);
          }
        }
      },
    };
  }
}

function toInfo(row: TokenRow): TokenInfo {
  return {
    tokenId: row.token_id,
    name: row.name,
    role: row.role,
    createdAt: toIso(row.created_at)!,
    expiresAt: toIso(row.expires_at),
    revokedAt: toIso(row.revoked_at),
  };
}
