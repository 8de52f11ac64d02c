import { z } from 'zod';
import { DURATION_EXPECTED, expected, parseDuration, parseMatcherText, show } from '../../kernel/index.js';

/** Field builders shared by the rule document's schemas: each error says what was expected and what was given. */

export { expected, show };

/** The error function of a record: names a bad key, else says a map was expected. */
export function mapError(keyKind: string, what: string) {
  return (issue: { code?: string; input?: unknown }) =>
    issue.code === 'invalid_key'
      ? `${keyKind} names must match [A-Za-z_][A-Za-z0-9_]*, got ${show(issue.input)}`
      : expected(what)(issue);
}

export const IDENTIFIER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
export const LABEL_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const SERIES_NAME_PATTERN = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** The shape of a duration, for the JSON schema (parseDuration also bounds it to a year). */
const DURATION_PATTERN = /^(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?$/;

/** A name such as `api-cpu-high`. */
export const identifier = z
  .string({ error: expected('an identifier such as api-cpu-high') })
  .max(100, { error: (issue) => `must be at most 100 characters, got ${show(issue.input)}` })
  .regex(IDENTIFIER_PATTERN, {
    error: (issue) =>
      `must start with a letter or digit and contain only letters, digits and . _ : -, got ${show(issue.input)}`,
  });

/** A series name such as `cpu_percent`. */
export const seriesName = z
  .string({ error: expected('a series name such as cpu_percent') })
  .max(200, { error: (issue) => `must be at most 200 characters, got ${show(issue.input)}` })
  .regex(SERIES_NAME_PATTERN, {
    error: (issue) => `must be a series name matching [a-zA-Z_:][a-zA-Z0-9_:]*, got ${show(issue.input)}`,
  });

/** A duration such as `5m`; `positive` refuses 0s. */
export function duration(options: { positive?: boolean; maxMs?: number; maxText?: string } = {}) {
  return z
    .string({ error: () => DURATION_EXPECTED })
    .max(40, { error: (issue) => `${DURATION_EXPECTED}, got ${show(issue.input)}`, abort: true })
    .regex(DURATION_PATTERN, {
      error: (issue) => `${DURATION_EXPECTED}, got ${show(issue.input)}`,
      abort: true,
    })
    .superRefine((text, context) => {
      const ms = parseDuration(text);
      if (ms === undefined) {
        context.addIssue({ code: 'custom', message: `${DURATION_EXPECTED}, got ${show(text)}` });
      } else if (options.positive && ms === 0) {
        context.addIssue({ code: 'custom', message: `must be longer than 0s, got ${show(text)}` });
      } else if (options.maxMs !== undefined && ms > options.maxMs) {
        context.addIssue({
          code: 'custom',
          message: `must be at most ${options.maxText}, got ${show(text)}`,
        });
      }
    });
}

/** A map of label names to values (`labels:`), at most `max` entries. */
export function labelMap(max: number, reserved: ReadonlyArray<string> = []) {
  return z
    .record(
      z.string().regex(LABEL_NAME_PATTERN, {
        error: (issue) => `label names must match [A-Za-z_][A-Za-z0-9_]*, got ${show(issue.input)}`,
      }),
      z
        .string({ error: expected('a text value') })
        .max(1000, { error: () => 'must be at most 1000 characters' }),
      { error: mapError('label', 'a map of label names to text values') },
    )
    .superRefine((labels, context) => {
      const names = Object.keys(labels);
      if (names.length > max) {
        context.addIssue({
          code: 'custom',
          message: `must have at most ${max} entries, got ${names.length}`,
        });
      }
      for (const name of names) {
        if (reserved.includes(name)) {
          context.addIssue({
            code: 'custom',
            path: [name],
            message: `is set by Vigia (alertname is the rule's name, severity its severity field)`,
          });
        }
      }
    });
}

/** Label matchers in text form: `['service="api"', 'team=~"ops|db"']`. */
export const matcherList = z
  .array(
    z.string({ error: expected('a matcher such as service="api"') }).superRefine((text, context) => {
      const parsed = parseMatcherText(text);
      if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.message });
    }),
    { error: expected('a list of matchers such as ["service=\\"api\\""]') },
  )
  .max(20, { error: (issue) => `must have at most 20 matchers, got ${(issue.input as unknown[]).length}` });
