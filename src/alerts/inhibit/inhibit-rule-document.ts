import { z } from 'zod';
import { fieldErrorsOf, type Parsed } from '../definition/field-error.js';
import { jsonSchemaOf } from '../silence/matcher-list.js';
import { matcherListOf } from './matcher-text-list.js';

/** Alertmanager-style inhibition: while a source alert fires, matching target alerts are muted. */
export interface InhibitRuleDocument {
  name: string;
  sourceMatchers: string[];
  targetMatchers: string[];
  /** Labels that must have equal values in source and target (absent = ""). */
  equal: string[];
}

const ruleSchema = z.strictObject({
  name: z
    .string({ error: 'must be a name of 1-100 letters, digits, ".", "_", ":" or "-"' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, {
      error: 'must be a name of 1-100 letters, digits, ".", "_", ":" or "-"',
    }),
  sourceMatchers: matcherListOf('source'),
  targetMatchers: matcherListOf('target'),
  equal: z
    .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be a label name' }))
    .max(20)
    .default([]),
});

export const inhibitRuleJsonSchema: Record<string, unknown> = jsonSchemaOf(ruleSchema);

/** Parses an inhibition rule, naming the field of each problem. */
export function parseInhibitRule(doc: unknown): Parsed<InhibitRuleDocument> {
  const parsed = ruleSchema.safeParse(doc);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, errors: fieldErrorsOf(parsed.error) };
}
