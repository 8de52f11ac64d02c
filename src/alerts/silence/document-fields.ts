/** Field schemas and error reporting shared by the silence, maintenance window and inhibit rule documents. */
import { z } from 'zod';
import { type FieldError, fieldPath } from '../../kernel/index.js';
import { expected } from '../definition/field-text.js';

/** Names of maintenance windows and inhibit rules: short, plain, never containing `/` or `{`. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const NAME_EXPECTED = 'must be 1-100 letters, digits, ".", "_", ":" or "-", starting with a letter or digit';

export { expected, shown } from '../definition/field-text.js';

/**
 * Field errors of a failed document parse. Unknown fields are reported one by one under their
 * own name (`comments is not a field of a silence …`) rather than as one issue on the document.
 */
export function documentErrors(
  error: z.ZodError,
  documentKind: string,
  knownFields: ReadonlyArray<string>,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code !== 'unrecognized_keys') {
      errors.push({ field: fieldPath(issue.path), message: issue.message });
      continue;
    }
    for (const key of issue.keys) {
      errors.push({
        field: fieldPath([...issue.path, key]),
        message: `is not a field of ${documentKind} (its fields: ${knownFields.join(', ')})`,
      });
    }
  }
  return errors;
}

/** A `name` field with the standard message. */
export function nameField() {
  return z.string({ error: expected(NAME_EXPECTED) }).regex(NAME_PATTERN, { error: expected(NAME_EXPECTED) });
}

/** An instant written in ISO 8601 with its offset (`2026-11-22T10:00:00Z`, `…T11:00:00+01:00`). */
export function isoTimeField() {
  return z.iso.datetime({
    offset: true,
    error: expected('must be an ISO 8601 time with seconds and an offset, such as 2026-11-22T10:00:00Z'),
  });
}

/** A document's object schema, refusing unknown fields, with a message when it is not an object. */
export function documentObject<Shape extends z.core.$ZodLooseShape>(shape: Shape, documentKind: string) {
  return z.strictObject(shape, { error: expected(`must be ${documentKind} (an object)`) });
}

/** The JSON schema of a document (`$schema` removed) for the HTTP API: what a client may send. */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dropped, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  return rest;
}
