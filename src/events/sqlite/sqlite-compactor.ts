import type Database from 'better-sqlite3';
import {
  type CompactionCandidate,
  type CompactionPlan,
  planCompaction,
  type ValidCompaction,
} from '../compaction.js';

type WindowRow = [position: number, streamId: string, streamVersion: number, type: string, time: number];

/**
 * Deletes one batch of compacted events on the writer connection, inside the transaction the
 * caller opened (so no append interleaves). Positions are rowids without AUTOINCREMENT: the
 * highest one is always the last event of its stream, which is never deleted, so no position
 * (and no stream version, derived from the highest stored one) is ever reused.
 */
export class SqliteCompactor {
  private readonly window: Database.Statement<[number, number, number], WindowRow>;
  private readonly lastVersion: Database.Statement<[string], number | null>;
  private readonly remove: Database.Statement<[number, number]>;

  constructor(writer: Database.Database) {
    this.window = writer
      .prepare<[number, number, number], WindowRow>(
        'SELECT position, stream_id, stream_version, type, time FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?',
      )
      .raw(true);
    this.lastVersion = writer
      .prepare<[string], number | null>('SELECT max(stream_version) FROM events WHERE stream_id = ?')
      .pluck();
    this.remove = writer.prepare<[number, number]>('DELETE FROM events WHERE position BETWEEN ? AND ?');
  }

  /** Plans and deletes one batch; returns the plan (its positions are the deleted events). */
  async deleteBatch(compaction: ValidCompaction): Promise<CompactionPlan> {
    const rows = this.window.all(compaction.after.position, compaction.upTo.position, compaction.limit);
    const window: CompactionCandidate[] = rows.map(([position, streamId, streamVersion, type, time]) => ({
      position,
      streamId,
      streamVersion,
      type,
      time,
    }));
    const plan = await planCompaction(window, compaction, async (streamIds) => {
      const versions = new Map<string, number>();
      for (const streamId of streamIds) {
        const version = this.lastVersion.get(streamId);
        if (version !== null && version !== undefined) versions.set(streamId, version);
      }
      return versions;
    });
    // Runs of consecutive doomed rows in the window go in one range delete each.
    const doomed = new Set(plan.positions);
    let runStart: number | undefined;
    let runEnd = 0;
    for (const row of window) {
      if (doomed.has(row.position)) {
        runStart ??= row.position;
        runEnd = row.position;
      } else if (runStart !== undefined) {
        this.remove.run(runStart, runEnd);
        runStart = undefined;
      }
    }
    if (runStart !== undefined) this.remove.run(runStart, runEnd);
    return plan;
  }
}
