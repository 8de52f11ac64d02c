import type Database from 'better-sqlite3';
import type { AppendResult, RecordedEvent } from '../envelope.js';
import { IdempotencyConflictError, WrongExpectedVersionError } from '../errors.js';
import { versionMatches } from '../expected-version.js';
import { duplicateResult } from '../idempotency.js';
import type { PreparedAppend } from '../prepare-append.js';

const MULTI_ROW = 20;

/**
 * Writes one stream's part of an append with prepared statements. Runs synchronously
 * inside a transaction the caller opened; throws (and the caller rolls back) on a version
 * conflict. Returns the stored events so listeners and inline projections can see them.
 */
export class StreamWriter {
  private readonly currentVersion: Database.Statement<[string], number>;
  private readonly insert: Database.Statement;
  /** INSERTs of MULTI_ROW rows at once: fewer calls into SQLite for batches. */
  private readonly insertMany: Database.Statement;
  private readonly findById: Database.Statement<
    [string],
    { position: number; stream_id: string; stream_version: number }
  >;

  constructor(db: Database.Database) {
    this.currentVersion = db
      .prepare<[string], number>(
        'SELECT stream_version FROM events WHERE stream_id = ? ORDER BY stream_version DESC LIMIT 1',
      )
      .pluck();
    this.insert = db.prepare(
      'INSERT INTO events (stream_id, stream_version, event_id, type, time, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const row = '(?, ?, ?, ?, ?, ?, ?)';
    this.insertMany = db.prepare(
      `INSERT INTO events (stream_id, stream_version, event_id, type, time, data, metadata) VALUES ${Array(MULTI_ROW).fill(row).join(', ')}`,
    );
    this.findById = db.prepare('SELECT position, stream_id, stream_version FROM events WHERE event_id = ?');
  }

  /** The stream's version, 0 when it has no events. */
  versionOf(streamId: string): number {
    return this.currentVersion.get(streamId) ?? 0;
  }

  write(append: PreparedAppend, time: number): { result: AppendResult; recorded: RecordedEvent[] } {
    const { streamId, events } = append;
    const actual = this.versionOf(streamId);
    if (!versionMatches(append.expectedVersion, actual)) {
      const duplicate = this.findDuplicate(append);
      if (duplicate) return { result: duplicate, recorded: [] };
      throw new WrongExpectedVersionError(streamId, append.expectedVersion, actual);
    }
    const positions: number[] = [];
    const recorded: RecordedEvent[] = [];
    const date = new Date(time);
    const parameters: unknown[] = [];
    let i = 0;
    try {
      while (i < events.length) {
        const rows = events.length - i >= MULTI_ROW ? MULTI_ROW : 1;
        parameters.length = 0;
        for (let r = 0; r < rows; r++) {
          const event = events[i + r]!;
          parameters.push(
            streamId,
            actual + i + r + 1,
            event.id,
            event.type,
            time,
            event.dataJson,
            event.metadataJson,
          );
        }
        const statement = rows === MULTI_ROW ? this.insertMany : this.insert;
        // Rows of one INSERT get consecutive rowids: the last one tells all of them.
        const last = Number(statement.run(...parameters).lastInsertRowid);
        for (let r = 0; r < rows; r++) {
          const event = events[i + r]!;
          const position = last - rows + 1 + r;
          positions.push(position);
          recorded.push({
            position,
            streamId,
            streamVersion: actual + i + r + 1,
            id: event.id,
            type: event.type,
            time: date,
            data: event.data,
            metadata: event.metadata,
          });
        }
        i += rows;
      }
    } catch (error) {
      if (isUniqueViolation(error)) {
        const duplicate = this.findDuplicate(append);
        if (duplicate && i === 0) return { result: duplicate, recorded: [] };
        throw new IdempotencyConflictError(
          streamId,
          events[i]!.id,
          'while other events of this append are not',
        );
      }
      throw error;
    }
    return {
      result: {
        streamId,
        nextExpectedVersion: actual + events.length,
        positions,
        eventIds: events.map((e) => e.id),
        duplicate: false,
      },
      recorded,
    };
  }

  /** The original result when every event of `append` is stored already as this same append; else undefined. */
  private findDuplicate(append: PreparedAppend): AppendResult | undefined {
    return duplicateResult(append, (id) => this.findById.get(id));
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    String((error as Error).message).includes('event_id')
  );
}
