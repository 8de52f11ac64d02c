import type { z } from 'zod';

/**
 * Field errors of healing documents (runbooks), the healing module's own copy of the shape the
 * alerting documents use, so API answers read alike without importing a sibling module.
 */

/** A field of a document that is wrong, and why. */
export interface FieldError {
  /** Dotted path with indexes: `steps[1].action.url`, `trigger.alert.matchers[0]`. */
  field: string;
  message: string;
}

/** The outcome of parsing a document: the typed value, or every problem by field. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** `['steps', 0, 'action']` → `steps[0].action`; the empty path is the document itself. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text.length === 0 ? String(part) : `.${String(part)}`;
  }
  return text.length === 0 ? '(document)' : text;
}

/** Field errors of a failed zod parse, one per issue, named by path. */
export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ field: fieldPath(issue.path), message: issue.message }));
}

/** One line: `steps[0].timeout must be …; trigger …`. */
export function describeFieldErrors(errors: ReadonlyArray<FieldError>): string {
  return errors.map((e) => `${e.field} ${e.message}`).join('; ');
}
