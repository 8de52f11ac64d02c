import { LeaseLostError } from '../errors.js';
import type { SqlTransaction } from '../sql-transaction.js';

/** Takes or renews the consumer's lease; true when `owner` holds it until `now + durationMs`. */
export async function acquireLease(
  tx: SqlTransaction,
  consumer: string,
  owner: string,
  now: number,
  durationMs: number,
): Promise<boolean> {
  const changed = await tx.execute(
    `INSERT INTO consumer_leases (name, owner, expires_at) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
     WHERE consumer_leases.owner = excluded.owner OR consumer_leases.expires_at < $4`,
    [consumer, owner, now + durationMs, now],
  );
  return changed > 0;
}

/**
 * Renews the lease inside a batch's transaction; throws LeaseLostError (rolling the batch
 * back) when another instance took it over, so two instances never commit the same batch.
 */
export async function renewLeaseOrThrow(
  tx: SqlTransaction,
  consumer: string,
  owner: string,
  now: number,
  durationMs: number,
): Promise<void> {
  const changed = await tx.execute(
    'UPDATE consumer_leases SET expires_at = $1 WHERE name = $2 AND owner = $3',
    [now + durationMs, consumer, owner],
  );
  if (changed === 0) throw new LeaseLostError(consumer);
}

/** Gives the lease up so another instance can take over at once. */
export async function releaseLease(tx: SqlTransaction, consumer: string, owner: string): Promise<void> {
  await tx.execute('DELETE FROM consumer_leases WHERE name = $1 AND owner = $2', [consumer, owner]);
}

/** The owners of the unexpired leases whose names start with `prefix` (`LIKE` wildcards in it are escaped). */
export async function liveLeases(
  tx: SqlTransaction,
  prefix: string,
  now: number,
): Promise<Array<{ name: string; owner: string; expiresAt: number }>> {
  const pattern = `${prefix.replace(/[\\%_]/g, '\\$&')}%`;
  const rows = await tx.query<{ name: string; owner: string; expires_at: number | string }>(
    `SELECT name, owner, expires_at FROM consumer_leases WHERE name LIKE $1 ESCAPE '\\' AND expires_at >= $2`,
    [pattern, now],
  );
  return rows.map((row) => ({ name: row.name, owner: row.owner, expiresAt: Number(row.expires_at) }));
}

/** Deletes leases named `prefix…` that ran out before `before` (members that left long ago). */
export async function dropExpiredLeases(tx: SqlTransaction, prefix: string, before: number): Promise<void> {
  const pattern = `${prefix.replace(/[\\%_]/g, '\\$&')}%`;
  await tx.execute(`DELETE FROM consumer_leases WHERE name LIKE $1 ESCAPE '\\' AND expires_at < $2`, [
    pattern,
    before,
  ]);
}
