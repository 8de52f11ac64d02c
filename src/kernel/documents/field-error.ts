import type { z } from 'zod';
import { show } from './field-values.js';

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

/**
 * The field errors of one issue of a document whose parts are told apart by `kind`: unknown keys
 * named one by one, and a missing or unknown kind named with the kinds there are.
 */
export function documentErrorsOf(
  issue: z.core.$ZodIssue,
  doc: unknown,
  kinds: ReadonlyArray<string>,
): FieldError[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      field: fieldPath([...issue.path, key]),
      message: 'is not a known field',
    }));
  }
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    const given = valueAt(doc, issue.path);
    const message =
      given === undefined
        ? `is required (one of ${kinds.join(', ')})`
        : `must be one of ${kinds.join(', ')}, got ${show(given)}`;
    return [{ field: fieldPath(issue.path), message }];
  }
  return [{ field: fieldPath(issue.path), message: issue.message }];
}

function valueAt(doc: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current = doc;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
