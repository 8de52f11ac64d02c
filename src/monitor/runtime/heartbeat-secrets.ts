import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EventStore } from '../../events/index.js';

/**
 * Per-monitor heartbeat secrets, derived as HMAC-SHA256(key, monitorId) from one random key
 * kept in the database (never in an event): nothing per monitor to store or leak, and a
 * secret URL keeps working across restarts. Rotating the key changes every URL.
 */
export class HeartbeatSecrets {
  private key: Buffer | undefined;

  constructor(private readonly store: EventStore) {}

  async start(): Promise<void> {
    await this.store.withTransaction(async (tx) => {
      await tx.execute(
        'CREATE TABLE IF NOT EXISTS monitor_heartbeat_key (id INTEGER PRIMARY KEY, key TEXT NOT NULL)',
      );
      await tx.execute(
        'INSERT INTO monitor_heartbeat_key (id, key) VALUES (1, $1) ON CONFLICT (id) DO NOTHING',
        [randomBytes(32).toString('base64url')],
      );
    });
    const rows = await this.store.query<{ key: string }>(
      'SELECT key FROM monitor_heartbeat_key WHERE id = 1',
    );
    this.key = Buffer.from(rows[0]!.key, 'base64url');
  }

  secretFor(monitorId: string): string {
    if (!this.key) throw new Error('HeartbeatSecrets.start() was not called');
    return createHmac('sha256', this.key).update(monitorId).digest('base64url');
  }

  /** Constant-time check of a presented secret. */
  matches(monitorId: string, presented: string): boolean {
    const expected = Buffer.from(this.secretFor(monitorId));
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
