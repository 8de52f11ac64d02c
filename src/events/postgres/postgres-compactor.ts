import { type CompactionPlan, planCompaction, type ValidCompaction } from '../compaction.js';
import type { SqlTransaction } from '../sql-transaction.js';
import { checkpointToSql } from './checkpoint.js';
import { COMMITTED_HORIZON } from './rows.js';
import type { SchemaNames } from './schema-names.js';

interface WindowRow {
  position: number;
  transaction_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  time: Date;
}

/**
 * Deletes one batch of compacted events in the caller's transaction. Batches of all instances
 * sharing the schema take one advisory lock in turn, so two never plan the same rows. Stream
 * versions come from the streams table, so a deleted event's version is never reused; the last
 * event of each stream (version = streams.version) is kept all the same, so a stream's version
 * and its last event always agree.
 */
export class PostgresCompactor {
  private readonly lockKey: string;

  constructor(private readonly names: SchemaNames) {
    this.lockKey = `vigia.compaction.${names.schema}`;
  }

  /** Plans and deletes one batch; returns the plan (its positions are the deleted events). */
  async deleteBatch(tx: SqlTransaction, compaction: ValidCompaction): Promise<CompactionPlan> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [this.lockKey]);
    const params: unknown[] = [];
    const from = checkpointToSql(compaction.after, params, this.names.events);
    const to = checkpointToSql(compaction.upTo, params, this.names.events);
    params.push(compaction.limit);
    const rows = await tx.query<WindowRow>(
      `SELECT position, transaction_id, stream_id, stream_version, type, time FROM ${this.names.events}
       WHERE (transaction_id, position) > ${from} AND (transaction_id, position) <= ${to}
         AND ${COMMITTED_HORIZON}
       ORDER BY transaction_id, position LIMIT $${params.length}`,
      params,
    );
    const window = rows.map((row) => ({
      position: Number(row.position),
      transactionId: String(row.transaction_id),
      streamId: row.stream_id,
      streamVersion: Number(row.stream_version),
      type: row.type,
      time: row.time.getTime(),
    }));
    const plan = await planCompaction(window, compaction, async (streamIds) => {
      const versions = await tx.query<{ stream_id: string; version: number }>(
        `SELECT stream_id, version FROM ${this.names.streams} WHERE stream_id = ANY($1::text[])`,
        [streamIds],
      );
      return new Map(versions.map((row) => [row.stream_id, Number(row.version)]));
    });
    if (plan.positions.length === 0) return plan;
    const deleted = await tx.query<{ position: number }>(
      `DELETE FROM ${this.names.events} WHERE position = ANY($1::bigint[]) RETURNING position`,
      [plan.positions],
    );
    return { ...plan, positions: deleted.map((row) => Number(row.position)) };
  }
}
