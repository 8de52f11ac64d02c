import { z } from 'zod';
import { fieldErrorsOf, type Parsed } from '../../kernel/index.js';

/** Payload of `healing.change_recorded` (schema version 1): a deploy or configuration change users pushed. */
export interface ChangeRecordedData {
  changeId: string;
  kind: 'deploy' | 'config';
  /** The service changed; absent for a change that may touch every service. */
  service?: string;
  description: string;
  /** When the change happened (ISO). */
  at: string;
}

/** How far ahead of the server's clock a change time may be (the pusher's clock may run fast). */
export const CHANGE_MAX_AHEAD_MS = 5 * 60_000;

const SERVICE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function expected(expectation: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined
      ? `is required (${expectation})`
      : `must be ${expectation}, got ${show(issue.input)}`;
}

/** The body of `POST /api/changes`. */
export const changeMarkerSchema = z.strictObject(
  {
    kind: z.enum(['deploy', 'config'], { error: expected('deploy or config') }),
    service: z
      .string({ error: expected('a service name') })
      .max(200, { error: () => 'must be at most 200 characters' })
      .regex(SERVICE_PATTERN, { error: expected('a service name (letters, digits, . _ : -)') })
      .optional(),
    description: z
      .string({ error: expected('a text') })
      .min(1, { error: () => 'must not be empty' })
      .max(1000, { error: () => 'must be at most 1000 characters' }),
    at: z.iso
      .datetime({
        offset: true,
        error: expected('an ISO 8601 time with seconds and an offset, such as 2026-11-22T10:00:00Z'),
      })
      .optional(),
  },
  { error: expected('a change marker (an object)') },
);

/** The JSON schema of a change marker body, for the HTTP API. */
export function changeMarkerJsonSchema(): Record<string, unknown> {
  const { $schema: _dropped, ...rest } = z.toJSONSchema(changeMarkerSchema, { io: 'input' }) as Record<
    string,
    unknown
  >;
  return rest;
}

/**
 * Reads a pushed change marker into the `healing.change_recorded` payload: `at` defaults to now
 * and may not be more than 5 minutes ahead of it. Every problem is named by field.
 */
export function parseChangeMarker(
  input: unknown,
  nowMs: number,
  changeId: string,
): Parsed<ChangeRecordedData> {
  const result = changeMarkerSchema.safeParse(input);
  if (!result.success) return { ok: false, errors: fieldErrorsOf(result.error) };
  const { kind, service, description, at } = result.data;
  const atMs = at === undefined ? nowMs : Date.parse(at);
  if (atMs > nowMs + CHANGE_MAX_AHEAD_MS) {
    return {
      ok: false,
      errors: [{ field: 'at', message: `must not be more than 5 minutes in the future, got ${show(at)}` }],
    };
  }
  return {
    ok: true,
    value: {
      changeId,
      kind,
      ...(service === undefined ? {} : { service }),
      description,
      at: new Date(atMs).toISOString(),
    },
  };
}
