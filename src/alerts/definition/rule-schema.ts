import { z } from 'zod';
import type { Parsed } from '../../kernel/index.js';
import { documentErrorsOf } from '../../kernel/index.js';
import { SEVERITIES } from '../alert-events.js';
import { compileTemplate } from './annotation-template.js';
import { CONDITION_KINDS, conditionSchema } from './rule-condition.js';
import {
  duration,
  expected,
  identifier,
  LABEL_NAME_PATTERN,
  labelMap,
  mapError,
  show,
} from './rule-fields.js';

/**
 * An alert rule as users write it (a `alerts.rules:` entry of vigia.yaml, or the body of
 * POST /api/alert-rules). Parsing fills in the defaults; the stored document is that result.
 */

const annotations = z
  .record(
    z.string().regex(LABEL_NAME_PATTERN, {
      error: (issue) => `annotation names must match [A-Za-z_][A-Za-z0-9_]*, got ${show(issue.input)}`,
    }),
    z.string({ error: expected('a template text') }).superRefine((text, context) => {
      const compiled = compileTemplate(text);
      if (!compiled.ok)
        context.addIssue({ code: 'custom', message: `is not a valid template: ${compiled.message}` });
    }),
    { error: mapError('annotation', 'a map of annotation names to template texts') },
  )
  .superRefine((value, context) => {
    const count = Object.keys(value).length;
    if (count > 20)
      context.addIssue({ code: 'custom', message: `must have at most 20 entries, got ${count}` });
  });

const flapDetection = z
  .object({
    enabled: z.boolean({ error: expected('true or false') }).default(true),
    window: duration({ positive: true }).default('10m'),
    maxChanges: z
      .number({ error: expected('a whole number from 1 to 1000') })
      .int({ error: (issue) => `must be a whole number from 1 to 1000, got ${show(issue.input)}` })
      .min(1, { error: (issue) => `must be a whole number from 1 to 1000, got ${show(issue.input)}` })
      .max(1000, { error: (issue) => `must be a whole number from 1 to 1000, got ${show(issue.input)}` })
      .default(6),
    settle: duration({ positive: true }).default('10m'),
  })
  .strict();

export const alertRuleSchema = z
  .object(
    {
      name: identifier,
      description: z
        .string({ error: expected('a text') })
        .max(2000, { error: () => 'must be at most 2000 characters' })
        .optional(),
      enabled: z.boolean({ error: expected('true or false') }).default(true),
      severity: z.enum(SEVERITIES as [string, ...string[]], {
        error: expected(`one of ${SEVERITIES.join(', ')}`),
      }),
      for: duration().default('0s'),
      keepFiringFor: duration().default('0s'),
      labels: labelMap(30, ['alertname', 'severity']).default({}),
      annotations: annotations.default({}),
      flapDetection: flapDetection.prefault({}),
      condition: conditionSchema,
    },
    { error: expected('an alert rule document (an object)') },
  )
  .strict();

/** A parsed rule document, defaults filled in. */
export type AlertRuleDocument = Omit<z.output<typeof alertRuleSchema>, 'severity'> & {
  severity: (typeof SEVERITIES)[number];
};

/** Parses a rule document; every problem names its field (`condition.window`, `matchers[1]` …). */
export function parseAlertRule(doc: unknown): Parsed<AlertRuleDocument> {
  const result = alertRuleSchema.safeParse(doc);
  if (result.success) return { ok: true, value: result.data as AlertRuleDocument };
  return {
    ok: false,
    errors: result.error.issues.flatMap((issue) => documentErrorsOf(issue, doc, CONDITION_KINDS)),
  };
}

/** The JSON schema of a rule document for the HTTP API (refinements such as template syntax are checked by parseAlertRule). */
export const alertRuleJsonSchema: Record<string, unknown> = (() => {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(alertRuleSchema, { io: 'input' }) as Record<
    string,
    unknown
  >;
  return schema;
})();
