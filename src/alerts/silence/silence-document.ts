import { z } from 'zod';
import type { FieldError, Parsed } from '../../kernel/index.js';
import { formatDuration, MAX_DURATION_MS, parseDuration } from '../../kernel/index.js';
import {
  documentErrors,
  documentObject,
  expected,
  isoTimeField,
  jsonSchemaOf,
  shown,
} from './document-fields.js';
import { matcherListField } from './matcher-list.js';

/** A silence as stored (in an event): what it mutes, from when until when (ISO, UTC), and why. */
export interface SilenceDocument {
  matchers: string[];
  startsAt: string;
  endsAt: string;
  comment: string;
}

export interface ParseSilenceOptions {
  /**
   * Re-validating an existing silence (a replace, or expiring it early): `endsAt` may be now or
   * in the past. An ended silence that had not started yet gets `startsAt = endsAt`.
   */
  allowEnded?: boolean;
}

const DURATION_MESSAGE = 'must be a duration such as 30m, 2h or 7d (more than 0s, at most 1 year)';
const COMMENT_EXPECTED = 'must be the reason for the silence, 1..1000 characters';
const SILENCE = 'a silence';
const FIELDS = ['matchers', 'startsAt', 'endsAt', 'duration', 'comment'];

const silenceSchema = documentObject(
  {
    matchers: matcherListField({ documentKind: SILENCE, selective: true }),
    startsAt: isoTimeField().optional(),
    endsAt: isoTimeField().optional(),
    duration: z
      .string({ error: expected(DURATION_MESSAGE) })
      .max(40, { error: expected(DURATION_MESSAGE) })
      .refine((text) => (parseDuration(text) ?? 0) > 0, { error: expected(DURATION_MESSAGE) })
      .optional(),
    comment: z
      .string({ error: expected(COMMENT_EXPECTED) })
      .max(1000, { error: expected('must be at most 1000 characters') })
      .refine((text) => text.trim().length > 0, { error: expected(COMMENT_EXPECTED) }),
  },
  SILENCE,
);

/** The JSON schema of a silence document for the HTTP API. */
export const silenceJsonSchema: Record<string, unknown> = jsonSchemaOf(silenceSchema);

/**
 * Parses a silence: `endsAt` or `duration` (exactly one), `startsAt` defaulting to `nowMs`. A
 * new silence must end after `nowMs` and last at most a year; `duration` becomes `endsAt`.
 */
export function parseSilence(
  doc: unknown,
  nowMs: number,
  options: ParseSilenceOptions = {},
): Parsed<SilenceDocument> {
  const parsed = silenceSchema.safeParse(doc);
  if (!parsed.success) return { ok: false, errors: documentErrors(parsed.error, SILENCE, FIELDS) };
  const { matchers, startsAt, endsAt, duration, comment } = parsed.data;
  const errors: FieldError[] = [];
  if (endsAt !== undefined && duration !== undefined) {
    errors.push({ field: 'duration', message: 'cannot be given with endsAt: give one of the two' });
  }
  if (endsAt === undefined && duration === undefined) {
    errors.push({ field: 'endsAt', message: 'is required (an ISO 8601 time), or give duration such as 2h' });
  }
  if (errors.length > 0) return { ok: false, errors };

  let start = startsAt === undefined ? nowMs : Date.parse(startsAt);
  const end = endsAt !== undefined ? Date.parse(endsAt) : start + parseDuration(duration!)!;
  // The field the user wrote the end with, so the message points at it.
  const endField = endsAt !== undefined ? 'endsAt' : 'duration';
  const ended = end <= nowMs;
  if (ended && !options.allowEnded) {
    const message =
      endsAt !== undefined
        ? `must be after now (${iso(nowMs)}), got ${shown(endsAt)}: the silence would never apply`
        : `makes the silence end at ${iso(end)}, not after now (${iso(nowMs)}): it would never apply`;
    errors.push({ field: endField, message });
  } else if (ended && end < start) {
    start = end; // expiring a silence that had not started: it never applies
  } else if (!ended && end <= start) {
    errors.push({ field: 'endsAt', message: `must be after startsAt (${iso(start)}), got ${shown(endsAt)}` });
  }
  if (end - start > MAX_DURATION_MS) {
    errors.push({
      field: endField,
      message: `would make the silence last ${formatDuration(end - start)}; a silence lasts at most 1 year (use a maintenance window for recurring mutes)`,
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { matchers, startsAt: iso(start), endsAt: iso(end), comment: comment.trim() },
  };
}

/** Whether a silence has not begun, applies, or is over at `nowMs` (it applies in [startsAt, endsAt)). */
export function silenceState(
  silence: Pick<SilenceDocument, 'startsAt' | 'endsAt'>,
  nowMs: number,
): 'pending' | 'active' | 'expired' {
  if (nowMs >= Date.parse(silence.endsAt)) return 'expired';
  return nowMs < Date.parse(silence.startsAt) ? 'pending' : 'active';
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
