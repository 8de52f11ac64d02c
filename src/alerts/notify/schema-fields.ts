import { z } from 'zod';
import { secretRefJsonSchema, secretRefSchema } from './secret-ref.js';
import { shown } from './shown.js';

/**
 * JSON schemas for fields the zod schema can only describe as "unknown" (a string or a secret
 * reference, checked in a refinement); receiverJsonSchema puts these in their place.
 */
export const jsonSchemaOverrides = new WeakMap<object, Record<string, unknown>>();

/** An error function: `is required: <what>` or `must be <what>, got <value>`. */
export function expected(what: string): (issue: { input?: unknown }) => string {
  return (issue) =>
    issue.input === undefined ? `is required: ${what}` : `must be ${what}, got ${shown(issue.input)}`;
}

/** Copies a sub-parse's issues into a refinement context, under the field's own path. */
function copyIssues(
  result: z.ZodSafeParseResult<unknown>,
  ctx: z.RefinementCtx,
  prefix: Array<string | number>,
): void {
  if (result.success) return;
  for (const issue of result.error.issues) {
    const path = [...prefix, ...(issue.path as Array<string | number>)];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        ctx.addIssue({ code: 'custom', message: 'is not a known field', path: [...path, key] });
    } else {
      ctx.addIssue({ code: 'custom', message: issue.message, path });
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The checks of a secret reference, for fields that refine their own input (`prefix`: path below it). */
export function addSecretRefIssues(
  value: unknown,
  ctx: z.RefinementCtx,
  prefix: Array<string | number> = [],
): void {
  copyIssues(secretRefSchema.safeParse(value), ctx, prefix);
}

/**
 * A field that is a plain string (checked by `check`, which returns a problem) or a secret
 * reference; `what` names both for messages.
 */
export function stringOrSecretRef(what: string, check: (text: string) => string | undefined) {
  const schema = z.unknown().superRefine((value, ctx) => {
    if (typeof value === 'string') {
      const problem = check(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    } else if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: `is required: ${what}` });
    } else if (!isPlainObject(value)) {
      ctx.addIssue({ code: 'custom', message: `must be ${what}, got ${shown(value)}` });
    } else {
      addSecretRefIssues(value, ctx);
    }
  });
  jsonSchemaOverrides.set(schema, { anyOf: [{ type: 'string' }, secretRefJsonSchema] });
  return schema;
}

/**
 * A field that must be a secret reference: an inline string is refused with `inlineMessage`,
 * which never repeats the value (it is the secret).
 */
export function secretRefOnly(what: string, inlineMessage: string) {
  const schema = z.unknown().superRefine((value, ctx) => {
    if (typeof value === 'string') ctx.addIssue({ code: 'custom', message: inlineMessage });
    else if (value === undefined) ctx.addIssue({ code: 'custom', message: `is required: ${what}` });
    else addSecretRefIssues(value, ctx);
  });
  jsonSchemaOverrides.set(schema, secretRefJsonSchema);
  return schema;
}

jsonSchemaOverrides.set(secretRefSchema, secretRefJsonSchema);
