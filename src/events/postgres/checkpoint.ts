import { ValidationError } from '../../kernel/index.js';
import type { LogCheckpoint } from '../envelope.js';

const TRANSACTION_ID = /^\d{1,20}$/;

/** Rejects a checkpoint that cannot have come from this store (a bad position or transaction id). */
export function validateCheckpoint(after: LogCheckpoint): void {
  if (
    typeof after !== 'object' ||
    after === null ||
    !Number.isSafeInteger(after.position) ||
    after.position < 0
  ) {
    throw new ValidationError(
      `A log checkpoint needs a position that is an integer ≥ 0, got ${JSON.stringify(after?.position)}`,
      [{ path: 'position', message: 'expected an integer ≥ 0' }],
    );
  }
  if (
    after.transactionId !== undefined &&
    (typeof after.transactionId !== 'string' || !TRANSACTION_ID.test(after.transactionId))
  ) {
    throw new ValidationError(
      `A log checkpoint's transactionId must be a decimal PostgreSQL transaction id, got ${JSON.stringify(after.transactionId)}`,
      [{ path: 'transactionId', message: 'expected decimal digits' }],
    );
  }
}

/**
 * The `(transaction_id, position)` row value a checkpoint stands for, as SQL, pushing its
 * parameters. A checkpoint without a transaction id takes that of the event at (or just
 * before) its position, which is where a reader of this log would have been.
 */
export function checkpointToSql(after: LogCheckpoint, params: unknown[], eventsTable: string): string {
  params.push(after.position);
  const position = `$${params.length}::bigint`;
  if (after.transactionId !== undefined) {
    params.push(after.transactionId);
    return `($${params.length}::xid8, ${position})`;
  }
  if (after.position <= 0) return `('0'::xid8, ${position})`;
  return `(COALESCE((SELECT transaction_id FROM ${eventsTable} WHERE position <= ${position} ORDER BY position DESC LIMIT 1), '0'::xid8), ${position})`;
}
