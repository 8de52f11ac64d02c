import { currentContext, isUuid, newId } from '../kernel/index.js';
import type { EventMetadata, ExpectedVersion, StreamAppend } from './envelope.js';
import { InvalidEventError } from './errors.js';

/** An event validated and serialized once, ready for any backend to insert. */
export interface PreparedEvent {
  id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  dataJson: string;
  metadataJson: string;
}

export interface PreparedAppend {
  streamId: string;
  expectedVersion: ExpectedVersion;
  events: PreparedEvent[];
}

export interface PrepareOptions {
  maxEventBytes: number;
}

export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;
const MAX_STREAM_ID_LENGTH = 512;
const MAX_TYPE_LENGTH = 255;
const MAX_JSON_DEPTH = 64;
// Control characters are never part of a stream id or an event type.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * Validates appends coming from outside and serializes their events once.
 * Throws InvalidEventError naming the stream, the event index and the field.
 */
export function prepareAppends(
  appends: ReadonlyArray<StreamAppend>,
  options: PrepareOptions,
): PreparedAppend[] {
  if (!Array.isArray(appends) || appends.length === 0) {
    throw new InvalidEventError('An append needs at least one stream');
  }
  const seenIds = new Set<string>();
  return appends.map((append) => prepareOne(append, options, seenIds));
}

function prepareOne(append: StreamAppend, options: PrepareOptions, seenIds: Set<string>): PreparedAppend {
  const streamId = validateStreamId(append?.streamId);
  const expectedVersion = validateExpectedVersion(streamId, append.expectedVersion ?? 'any');
  if (!Array.isArray(append.events) || append.events.length === 0) {
    throw new InvalidEventError(`Append to "${streamId}" needs at least one event`, { streamId });
  }
  const context = currentContext();
  const events = append.events.map((event, index) => {
    const where = `event ${index} of stream "${streamId}"`;
    if (typeof event !== 'object' || event === null) {
      throw new InvalidEventError(`${where} must be an object with type and data`, { streamId, index });
    }
    const type = validateType(event.type, where);
    const id = event.id === undefined ? newId() : validateId(event.id, where);
    if (seenIds.has(id))
      throw new InvalidEventError(`${where} repeats event id ${id} within the same append`);
    seenIds.add(id);
    if (event.data === undefined) throw new InvalidEventError(`${where} has no data (use null for none)`);
    assertJsonValue(event.data, `${where}: data`, 0);
    const metadata = buildMetadata(event.metadata, context, where);
    const dataJson = JSON.stringify(event.data);
    const metadataJson = JSON.stringify(metadata);
    const bytes = Buffer.byteLength(dataJson) + Buffer.byteLength(metadataJson);
    if (bytes > options.maxEventBytes) {
      throw new InvalidEventError(
        `${where} is ${bytes} bytes of JSON, over the limit of ${options.maxEventBytes} bytes`,
        { streamId, index, bytes, limit: options.maxEventBytes },
      );
    }
    return { id, type, data: event.data, metadata, dataJson, metadataJson };
  });
  return { streamId, expectedVersion, events };
}

function validateStreamId(streamId: unknown): string {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new InvalidEventError('streamId must be a non-empty string');
  }
  if (streamId.length > MAX_STREAM_ID_LENGTH || CONTROL_CHARACTERS.test(streamId)) {
    throw new InvalidEventError(
      `streamId must be at most ${MAX_STREAM_ID_LENGTH} characters without control characters`,
      { streamId: streamId.slice(0, 80) },
    );
  }
  return streamId;
}

function validateExpectedVersion(streamId: string, expected: unknown): ExpectedVersion {
  if (expected === 'any' || expected === 'no-stream' || expected === 'exists') return expected;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return expected;
  throw new InvalidEventError(
    `expectedVersion for "${streamId}" must be "any", "no-stream", "exists" or an integer ≥ 0, got ${JSON.stringify(expected)}`,
    { streamId },
  );
}

function validateType(type: unknown, where: string): string {
  if (typeof type !== 'string' || type.trim().length === 0) {
    throw new InvalidEventError(`${where} has no type: type must be a non-empty string`);
  }
  if (type.length > MAX_TYPE_LENGTH || CONTROL_CHARACTERS.test(type) || /\s/.test(type)) {
    throw new InvalidEventError(
      `${where} has an invalid type: at most ${MAX_TYPE_LENGTH} characters, no spaces or control characters`,
    );
  }
  return type;
}

function validateId(id: unknown, where: string): string {
  if (typeof id !== 'string' || !isUuid(id)) {
    throw new InvalidEventError(`${where} has an invalid id: expected a UUID, got ${JSON.stringify(id)}`);
  }
  return id.toLowerCase();
}

function buildMetadata(
  given: EventMetadata | undefined,
  context: { correlationId?: string; traceId?: string; actor?: string },
  where: string,
): EventMetadata {
  if (given !== undefined && (typeof given !== 'object' || given === null || Array.isArray(given))) {
    throw new InvalidEventError(`${where}: metadata must be an object`);
  }
  if (given !== undefined) assertJsonValue(given, `${where}: metadata`, 0);
  const metadata: EventMetadata = { ...given };
  if (metadata.schemaVersion !== undefined) {
    const v = metadata.schemaVersion;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw new InvalidEventError(`${where}: metadata.schemaVersion must be an integer ≥ 1`);
    }
  }
  if (metadata.correlationId === undefined && context.correlationId)
    metadata.correlationId = context.correlationId;
  if (metadata.traceId === undefined && context.traceId) metadata.traceId = context.traceId;
  if (metadata.actor === undefined && context.actor) metadata.actor = context.actor;
  return metadata;
}

/**
 * Strings must be valid Unicode (no lone surrogates: they have no UTF-8 form) and free of
 * U+0000 (PostgreSQL cannot store it), so both backends keep exactly what was sent.
 */
function assertStorableString(value: string, path: string): void {
  if (!value.isWellFormed()) {
    throw new InvalidEventError(`${shortPath(path)} holds a lone surrogate, which is not valid Unicode`);
  }
  if (value.includes('\u0000')) {
    throw new InvalidEventError(`${shortPath(path)} holds the character U+0000, which cannot be stored`);
  }
}

/** A path short enough for an error message (deep nesting makes very long ones). */
function shortPath(path: string): string {
  return path.length <= 120 ? path : `${path.slice(0, 100)}…${path.slice(-16)}`;
}

/** Accepts exactly what survives a JSON round trip unchanged; names the path of the first offender. */
function assertJsonValue(value: unknown, path: string, depth: number): void {
  if (depth > MAX_JSON_DEPTH) {
    throw new InvalidEventError(
      `${shortPath(path)} is nested deeper than ${MAX_JSON_DEPTH} levels (or is circular)`,
    );
  }
  switch (typeof value) {
    case 'string':
      assertStorableString(value, path);
      return;
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value))
        throw new InvalidEventError(`${path} is ${value}, which JSON cannot represent`);
      return;
    case 'object': {
      if (value === null) return;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          if (value[i] === undefined)
            throw new InvalidEventError(`${path}[${i}] is undefined, which JSON cannot represent`);
          assertJsonValue(value[i], `${path}[${i}]`, depth + 1);
        }
        return;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        const name = (value as object).constructor?.name ?? 'object';
        throw new InvalidEventError(
          `${path} is a ${name}; only plain objects, arrays, strings, numbers, booleans and null are JSON (convert dates to ISO strings)`,
        );
      }
      for (const key in value as Record<string, unknown>) {
        assertStorableString(key, `${path} key "${key.slice(0, 40)}"`);
        const child = (value as Record<string, unknown>)[key];
        if (child !== undefined) assertJsonValue(child, `${path}.${key}`, depth + 1);
      }
      return;
    }
    default:
      throw new InvalidEventError(`${path} is a ${typeof value}, which JSON cannot represent`);
  }
}
