import type { LogCheckpoint } from '../envelope.js';
import type { SqlTransaction } from '../sql-transaction.js';

/** The consumer's stored checkpoint, or undefined when it never committed one. */
export async function loadCheckpoint(
  tx: SqlTransaction,
  consumer: string,
): Promise<LogCheckpoint | undefined> {
  const rows = await tx.query<{ position: number | string; transaction_id: string | null }>(
    'SELECT position, transaction_id FROM consumer_checkpoints WHERE name = $1',
    [consumer],
  );
  const row = rows[0];
  if (!row) return undefined;
  const checkpoint: LogCheckpoint = { position: Number(row.position) };
  if (row.transaction_id !== null) checkpoint.transactionId = row.transaction_id;
  return checkpoint;
}

/** Stores the consumer's checkpoint in the caller's transaction. */
export async function saveCheckpoint(
  tx: SqlTransaction,
  consumer: string,
  checkpoint: LogCheckpoint,
  now: number,
): Promise<void> {
  await tx.execute(
    `INSERT INTO consumer_checkpoints (name, position, transaction_id, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position, transaction_id = excluded.transaction_id,
       updated_at = excluded.updated_at`,
    [consumer, checkpoint.position, checkpoint.transactionId ?? null, now],
  );
}

/** Deletes the checkpoint so the consumer starts again from the beginning (used by rebuilds). */
export async function resetCheckpoint(tx: SqlTransaction, consumer: string): Promise<void> {
  await tx.execute('DELETE FROM consumer_checkpoints WHERE name = $1', [consumer]);
}
