/** Field schemas and error reporting shared by the route and escalation policy documents. */
import { z } from 'zod';
import {
  DURATION_EXPECTED,
  type FieldError,
  fieldPath,
  formatDuration,
  MAX_DURATION_MS,
  parseDuration,
} from '../../kernel/index.js';
import { expected } from '../definition/field-text.js';

/** Names, in a document, of routes, receivers and policies: short, plain, and never containing `/` or `{`. */
export const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
export const IDENTIFIER_EXPECTED =
  'must be 1-100 letters, digits, ".", "_", ":" or "-", starting with a letter or digit';

export { expected, shown } from '../definition/field-text.js';

/**
 * Field errors of a failed document parse. Unknown fields are reported one by one under their
 * own name (`routes[0].prority is not a known field`) rather than as one issue on the parent.
 */
export function documentErrors(
  error: z.ZodError,
  unknownFieldHint?: (key: string, path: ReadonlyArray<PropertyKey>) => string | undefined,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code !== 'unrecognized_keys') {
      errors.push({ field: fieldPath(issue.path), message: issue.message });
      continue;
    }
    for (const key of issue.keys) {
      const field = fieldPath([...issue.path, key]);
      errors.push({ field, message: unknownFieldHint?.(key, issue.path) ?? 'is not a known field' });
    }
  }
  return errors;
}

/** A name field (route, receiver or policy) with the standard message. */
export function identifierField() {
  return z
    .string({ error: expected(IDENTIFIER_EXPECTED) })
    .regex(IDENTIFIER, { error: expected(IDENTIFIER_EXPECTED) });
}

/** A duration field (`30s`, `5m`, `1h30m`) between `minMs` and `maxMs` inclusive, kept as the text written. */
export function durationField(minMs: number, maxMs: number = MAX_DURATION_MS) {
  let expectation = `must be a duration from ${formatDuration(minMs)} to ${formatDuration(maxMs)}, such as 10m or 1h30m`;
  if (maxMs === MAX_DURATION_MS) {
    expectation =
      minMs === 0
        ? DURATION_EXPECTED
        : `must be a duration of at least ${formatDuration(minMs)} (at most 1 year), such as 10m or 1h30m`;
  }
  return z.string({ error: expected(expectation) }).refine(
    (text) => {
      const ms = parseDuration(text);
      return ms !== undefined && ms >= minMs && ms <= maxMs;
    },
    { error: expected(expectation) },
  );
}

/** A list of receiver names: `min`..`max` entries, each an identifier, none twice. */
export function receiverListField(min: number, max: number) {
  const expectation = `must be a list of ${min}..${max} receiver names`;
  return z
    .array(identifierField(), { error: expected(expectation) })
    .min(min, { error: expected(expectation) })
    .max(max, { error: expected(expectation) })
    .superRefine(refuseDuplicates('receiver'));
}

/** A zod check that reports the second occurrence of a value by its index. */
export function refuseDuplicates(what: string) {
  return (values: ReadonlyArray<string>, context: z.RefinementCtx) => {
    const seen = new Set<string>();
    values.forEach((value, index) => {
      if (seen.has(value)) {
        context.addIssue({ code: 'custom', path: [index], message: `${what} "${value}" is listed twice` });
      }
      seen.add(value);
    });
  };
}

/** The JSON schema of a document for the HTTP API: what the parser accepts, as input. */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  return rest;
}
