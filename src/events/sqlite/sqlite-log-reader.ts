import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { LogCheckpoint, LogFilter, ReadStreamOptions, RecordedEvent, StoreStats } from '../envelope.js';
import {
  EVENT_COLUMNS,
  type EventRow,
  filterToSql,
  type RawEventRow,
  rawToRecordedEvent,
  toRecordedEvent,
} from './rows.js';

/** Every read of the SQLite store, on its read-only connection (so it never sees uncommitted work). */
export class SqliteLogReader {
  /** Global-log page queries, one per filter shape, prepared once. */
  private readonly pageStatements = new Map<string, Database.Statement<unknown[], RawEventRow>>();
  private readonly head: Database.Statement<[], number | null>;
  private readonly version: Database.Statement<[string], number>;
  private readonly forward: Database.Statement<[string, number, number], EventRow>;
  private readonly backward: Database.Statement<[string, number, number], EventRow>;

  constructor(
    private readonly reader: Database.Database,
    private readonly file: string,
  ) {
    this.head = reader.prepare<[], number | null>('SELECT max(position) FROM events').pluck();
    this.version = reader
      .prepare<[string], number>(
        'SELECT stream_version FROM events WHERE stream_id = ? ORDER BY stream_version DESC LIMIT 1',
      )
      .pluck();
    this.forward = reader.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND stream_version >= ? ORDER BY stream_version ASC LIMIT ?`,
    );
    this.backward = reader.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND stream_version <= ? ORDER BY stream_version DESC LIMIT ?`,
    );
  }

  readStream(streamId: string, options: ReadStreamOptions): RecordedEvent[] {
    const limit = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const rows =
      options.direction === 'backward'
        ? this.backward.all(streamId, options.fromVersion ?? Number.MAX_SAFE_INTEGER, limit)
        : this.forward.all(streamId, options.fromVersion ?? 1, limit);
    return rows.map(toRecordedEvent);
  }

  streamVersion(streamId: string): number {
    return this.version.get(streamId) ?? 0;
  }

  headPosition(): number {
    return this.head.get() ?? 0;
  }

  readAllPage(after: LogCheckpoint, limit: number, filter?: LogFilter): RecordedEvent[] {
    const { where, params } = filterToSql(filter);
    const sql = `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ?${where} ORDER BY position LIMIT ?`;
    let statement = this.pageStatements.get(sql);
    if (!statement) {
      statement = this.reader.prepare<unknown[], RawEventRow>(sql).raw(true);
      if (this.pageStatements.size > 100) this.pageStatements.clear();
      this.pageStatements.set(sql, statement);
    }
    const rows = statement.all(after.position, ...params, limit);
    const events = new Array<RecordedEvent>(rows.length);
    for (let i = 0; i < rows.length; i++) events[i] = rawToRecordedEvent(rows[i]!);
    return events;
  }

  stats(): StoreStats {
    const totals = this.reader
      .prepare('SELECT count(*) AS events, count(DISTINCT stream_id) AS streams FROM events')
      .get() as { events: number; streams: number };
    const eventTypes = this.reader
      .prepare('SELECT type, count(*) AS count FROM events GROUP BY type ORDER BY count DESC, type')
      .all() as Array<{ type: string; count: number }>;
    const size = (suffix: string) => {
      try {
        return statSync(this.file + suffix).size;
      } catch {
        return 0;
      }
    };
    return {
      backend: 'sqlite',
      events: totals.events,
      streams: totals.streams,
      headPosition: this.headPosition(),
      sizeBytes: size('') + size('-wal'),
      eventTypes,
    };
  }
}
