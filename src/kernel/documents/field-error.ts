import type { z } from 'zod';

/** A field of a document (rule, runbook, receiver, saved state …) that is wrong, and why. */
export interface FieldError {
  /** Dotted path with indexes: `condition.window`, `matchers[1]`, `tiers[0].receivers`. */
  field: string;
  message: string;
}

/** The outcome of parsing a document: the typed value, or every problem by field. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** `['tiers', 0, 'receivers']` → `tiers[0].receivers`; the empty path is the document itself. */
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

/** One line: `condition.window must be a duration …; matchers[0] …`. */
export function describeFieldErrors(errors: ReadonlyArray<FieldError>): string {
  return errors.map((e) => `${e.field} ${e.message}`).join('; ');
}
