import { z } from 'zod';
import {
  DURATION_EXPECTED,
  expected,
  formatDuration,
  parseDuration,
  parseMatcherText,
  show,
} from '../../kernel/index.js';

/** Field builders of healing documents: each error says what was expected and what was given. */

export { expected, show };

export const IDENTIFIER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
export const LABEL_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A name such as `restart-db`. */
export const identifier = z
  .string({ error: expected('an identifier such as restart-db') })
  .max(100, { error: (issue) => `must be at most 100 characters, got ${show(issue.input)}` })
  .regex(IDENTIFIER_PATTERN, {
    error: (issue) =>
      `must start with a letter or digit and contain only letters, digits and . _ : -, got ${show(issue.input)}`,
  });

/** A label name such as `service`. */
export const labelName = z
  .string({ error: expected('a label name such as service') })
  .max(100, { error: (issue) => `must be at most 100 characters, got ${show(issue.input)}` })
  .regex(LABEL_NAME_PATTERN, {
    error: (issue) => `must be a label name matching [A-Za-z_][A-Za-z0-9_]*, got ${show(issue.input)}`,
  });

/** A whole number from `min` to `max`. */
export function wholeNumber(min: number, max: number) {
  const what = `a whole number from ${min} to ${max}`;
  const message = (issue: { input?: unknown }) => `must be ${what}, got ${show(issue.input)}`;
  return z
    .number({ error: expected(what) })
    .int({ error: message })
    .min(min, { error: message })
    .max(max, { error: message });
}

/** A duration such as `30s`, from `minMs` to `maxMs` inclusive; `range` words the bounds for messages. */
export function boundedDuration(
  minMs: number,
  maxMs: number,
  range = `from ${formatDuration(minMs)} to ${formatDuration(maxMs)}`,
) {
  return z
    .string({ error: expected(`a duration ${range} such as 30s, 5m or 1h`) })
    .max(40, { error: (issue) => `${DURATION_EXPECTED}, got ${show(issue.input)}`, abort: true })
    .superRefine((text, context) => {
      const ms = parseDuration(text);
      if (ms === undefined) {
        context.addIssue({ code: 'custom', message: `${DURATION_EXPECTED}, got ${show(text)}` });
      } else if (ms < minMs || ms > maxMs) {
        context.addIssue({ code: 'custom', message: `must be a duration ${range}, got ${show(text)}` });
      }
    });
}

/** Label matchers in text form: `['service="db"', 'team=~"ops|db"']`. */
export const matcherList = z
  .array(
    z.string({ error: expected('a matcher such as service="db"') }).superRefine((text, context) => {
      const parsed = parseMatcherText(text);
      if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.message });
    }),
    { error: expected('a list of matchers such as ["service=\\"db\\""]') },
  )
  .max(20, { error: (issue) => `must have at most 20 matchers, got ${(issue.input as unknown[]).length}` });

/** A list of `min` (default 1) to `max` identifiers (receiver names, approvers …), no repeats; `one` names an entry. */
export function identifierList(one: string, max: number, min = 1) {
  return z
    .array(identifier, { error: expected(`a list of names, each ${one}`) })
    .min(min, { error: () => `must not be empty (name at least one: ${one})` })
    .max(max, {
      error: (issue) => `must have at most ${max} entries, got ${(issue.input as unknown[]).length}`,
    })
    .superRefine((names, context) => {
      names.forEach((name, index) => {
        if (names.indexOf(name) !== index) {
          context.addIssue({ code: 'custom', path: [index], message: `repeats ${show(name)}` });
        }
      });
    });
}
