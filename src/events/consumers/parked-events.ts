import type { RecordedEvent } from '../envelope.js';
import type { SqlTransaction } from '../sql-transaction.js';

/** Records that `consumer` gave up on `event` (table parked_events), in the caller's transaction. */
export async function recordParkedEvent(
  tx: SqlTransaction,
  consumer: string,
  event: RecordedEvent,
  error: Error,
  attempts: number,
  now: number,
): Promise<void> {
  await tx.execute(
    `INSERT INTO parked_events (consumer, event_id, position, error, attempts, parked_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (consumer, event_id) DO UPDATE SET error = excluded.error, attempts = excluded.attempts,
       parked_at = excluded.parked_at`,
    [consumer, event.id, event.position, error.message.slice(0, 2000), attempts, now],
  );
}

/** The events a consumer parked, oldest first. */
export async function listParkedEvents(
  tx: SqlTransaction,
  consumer: string,
): Promise<Array<{ eventId: string; position: number; error: string; attempts: number; parkedAt: Date }>> {
  const rows = await tx.query<{
    event_id: string;
    position: number | string;
    error: string;
    attempts: number;
    parked_at: number | string;
  }>(
    'SELECT event_id, position, error, attempts, parked_at FROM parked_events WHERE consumer = $1 ORDER BY position',
    [consumer],
  );
  return rows.map((r) => ({
    eventId: r.event_id,
    position: Number(r.position),
    error: r.error,
    attempts: Number(r.attempts),
    parkedAt: new Date(Number(r.parked_at)),
  }));
}
