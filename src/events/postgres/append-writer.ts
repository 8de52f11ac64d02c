import type pg from 'pg';
import type { AppendResult, ExpectedVersion, RecordedEvent } from '../envelope.js';
import { WrongExpectedVersionError } from '../errors.js';
import { versionMatches } from '../expected-version.js';
import { duplicateResult } from '../idempotency.js';
import type { PreparedAppend } from '../prepare-append.js';
import { WRONG_EXPECTED_VERSION_SQLSTATE } from './migrations.js';
import type { SchemaNames } from './schema-names.js';

/** What an append wrote (or found already written). */
export interface AppendOutcome {
  results: AppendResult[];
  /** The events inserted, in append order; empty when all were duplicates. */
  recorded: RecordedEvent[];
}

/** Runs one query on whatever connection the caller holds. */
export type RunQuery = <TRow extends pg.QueryResultRow>(
  config: pg.QueryConfig,
) => Promise<pg.QueryResult<TRow>>;

interface StoredEvent {
  event_id: string;
  stream_id: string;
  stream_version: number;
  position: number;
}

interface InsertedRow {
  position: number;
  event_id: string;
  stream_version: number;
  transaction_id: string;
}

const EXPECTED_CODES = { any: -1, 'no-stream': -2, exists: -3 } as const;

/**
 * True when the one-statement append failed because a stream was not at the expected version
 * or an event id is stored already: `writeChecked` then tells a retry from a conflict.
 */
export function needsCheckedWrite(error: unknown): boolean {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  return (
    code === WRONG_EXPECTED_VERSION_SQLSTATE || (code === '23505' && constraint === 'events_event_id_key')
  );
}

/**
 * Writes appends. The usual path is one statement that bumps the versions of the streams
 * (row-locking them in sorted order, so concurrent appends queue per stream and cannot
 * deadlock), checks every expected version (raising if one does not match, so nothing is
 * written) and inserts all events. When that fails, `writeChecked` looks the event ids up
 * inside a transaction to tell a retried append (a duplicate) from a real conflict.
 */
export class AppendWriter {
  private readonly insertStatement: string;
  private readonly lockStreams: string;
  private readonly findIds: string;

  constructor(names: SchemaNames) {
    this.insertStatement = `
      WITH counts AS (
        SELECT stream_id, n FROM unnest($1::text[], $2::bigint[]) AS c(stream_id, n)
      ),
      bumped AS (
        INSERT INTO ${names.streams} AS s (stream_id, version)
        SELECT stream_id, n FROM counts
        ON CONFLICT (stream_id) DO UPDATE SET version = s.version + excluded.version
        RETURNING stream_id, version
      ),
      previous AS (
        SELECT b.stream_id, b.version - c.n AS version FROM bumped b JOIN counts c USING (stream_id)
      ),
      mismatches AS (
        SELECT ${names.quoted}.raise_wrong_expected_version(a.stream_id, v.version + a.base)
        FROM unnest($3::text[], $4::bigint[], $5::bigint[]) AS a(stream_id, expected, base)
        JOIN previous v USING (stream_id)
        WHERE NOT CASE a.expected
          WHEN ${EXPECTED_CODES.any} THEN true
          WHEN ${EXPECTED_CODES['no-stream']} THEN v.version + a.base = 0
          WHEN ${EXPECTED_CODES.exists} THEN v.version + a.base > 0
          ELSE v.version + a.base = a.expected
        END
      )
      INSERT INTO ${names.events} (stream_id, stream_version, event_id, type, time, data, metadata)
      SELECT e.stream_id, v.version + e.stream_offset, e.event_id, e.type, $6::timestamptz, e.data, e.metadata
      FROM ROWS FROM (
          unnest($7::text[]), unnest($8::bigint[]), unnest($9::uuid[]), unnest($10::text[]),
          json_array_elements($11::json), json_array_elements($12::json)
        ) WITH ORDINALITY AS e(stream_id, stream_offset, event_id, type, data, metadata, ordinal)
      JOIN previous v USING (stream_id)
      WHERE NOT EXISTS (SELECT FROM mismatches)
      ORDER BY e.ordinal
      RETURNING position, event_id, stream_version, transaction_id`;
    this.lockStreams = `
      INSERT INTO ${names.streams} AS s (stream_id, version)
      SELECT stream_id, 0 FROM unnest($1::text[]) AS stream_id
      ON CONFLICT (stream_id) DO UPDATE SET version = s.version
      RETURNING stream_id, version`;
    this.findIds = `SELECT event_id, stream_id, stream_version, position FROM ${names.events} WHERE event_id = ANY($1::uuid[])`;
  }

  /**
   * Appends in one statement (atomic on its own, or part of the caller's transaction).
   * Throws a PostgreSQL error for which `needsCheckedWrite` is true on a version mismatch or
   * an event id stored already.
   */
  async write(run: RunQuery, appends: ReadonlyArray<PreparedAppend>, time: Date): Promise<AppendOutcome> {
    const counts = new Map<string, number>();
    const perAppend = { streamIds: [] as string[], expected: [] as number[], bases: [] as number[] };
    const perEvent = {
      streamIds: [] as string[],
      offsets: [] as number[],
      ids: [] as string[],
      types: [] as string[],
      data: [] as string[],
      metadata: [] as string[],
    };
    for (const { streamId, expectedVersion, events } of appends) {
      const base = counts.get(streamId) ?? 0;
      perAppend.streamIds.push(streamId);
      perAppend.expected.push(expectedCode(expectedVersion));
      perAppend.bases.push(base);
      for (let i = 0; i < events.length; i++) {
        const event = events[i]!;
        perEvent.streamIds.push(streamId);
        perEvent.offsets.push(base + i + 1);
        perEvent.ids.push(event.id);
        perEvent.types.push(event.type);
        perEvent.data.push(event.dataJson);
        perEvent.metadata.push(event.metadataJson);
      }
      counts.set(streamId, base + events.length);
    }
    // Sorted stream ids: every writer locks streams in the same order.
    const streams = [...counts.keys()].sort();
    const inserted = await run<InsertedRow>({
      name: 'vigia_append',
      text: this.insertStatement,
      values: [
        streams,
        streams.map((s) => counts.get(s)!),
        perAppend.streamIds,
        perAppend.expected,
        perAppend.bases,
        time,
        perEvent.streamIds,
        perEvent.offsets,
        perEvent.ids,
        perEvent.types,
        // JSON arrays built by joining the serialized events: no per-element escaping.
        `[${perEvent.data.join(',')}]`,
        `[${perEvent.metadata.join(',')}]`,
      ],
    });
    const byId = new Map(inserted.rows.map((row) => [row.event_id, row]));
    const results: AppendResult[] = [];
    const recorded: RecordedEvent[] = [];
    for (const { streamId, events } of appends) {
      const positions: number[] = [];
      let version = 0;
      for (const event of events) {
        const row = byId.get(event.id)!;
        positions.push(row.position);
        version = row.stream_version;
        recorded.push({
          position: row.position,
          streamId,
          streamVersion: row.stream_version,
          id: event.id,
          type: event.type,
          time,
          data: event.data,
          metadata: event.metadata,
          transactionId: row.transaction_id,
        });
      }
      results.push({
        streamId,
        nextExpectedVersion: version,
        positions,
        eventIds: events.map((e) => e.id),
        duplicate: false,
      });
    }
    return { results, recorded };
  }

  /**
   * The careful path, inside the caller's transaction: locks the streams, looks every event id
   * up, answers retried appends with their original result, rejects mismatches and conflicts,
   * and writes the rest with `write`.
   */
  async writeChecked(
    run: RunQuery,
    appends: ReadonlyArray<PreparedAppend>,
    time: Date,
  ): Promise<AppendOutcome> {
    const streamIds = [...new Set(appends.map((a) => a.streamId))].sort();
    const locked = await run<{ stream_id: string; version: number }>({
      name: 'vigia_lock_streams',
      text: this.lockStreams,
      values: [streamIds],
    });
    const versions = new Map(locked.rows.map((row) => [row.stream_id, row.version]));
    const ids = appends.flatMap((a) => a.events.map((e) => e.id));
    const found = await run<StoredEvent>({ name: 'vigia_find_event_ids', text: this.findIds, values: [ids] });
    const stored = new Map(found.rows.map((row) => [row.event_id, row]));

    const results: Array<AppendResult | undefined> = [];
    const toWrite: PreparedAppend[] = [];
    for (const append of appends) {
      const duplicate = duplicateResult(append, (id) => stored.get(id));
      if (duplicate) {
        results.push(duplicate);
        continue;
      }
      const actual = versions.get(append.streamId) ?? 0;
      if (!versionMatches(append.expectedVersion, actual)) {
        throw new WrongExpectedVersionError(append.streamId, append.expectedVersion, actual);
      }
      versions.set(append.streamId, actual + append.events.length);
      toWrite.push(append);
      results.push(undefined);
    }
    if (toWrite.length === 0) return { results: results as AppendResult[], recorded: [] };
    const written = await this.write(run, toWrite, time);
    let next = 0;
    return { results: results.map((r) => r ?? written.results[next++]!), recorded: written.recorded };
  }
}

function expectedCode(expected: ExpectedVersion): number {
  return typeof expected === 'number' ? expected : EXPECTED_CODES[expected];
}
