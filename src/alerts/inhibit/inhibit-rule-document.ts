import { z } from 'zod';
import type { Parsed } from '../../kernel/index.js';
import {
  documentErrors,
  documentObject,
  expected,
  jsonSchemaOf,
  nameField,
} from '../silence/document-fields.js';
import { matcherListField } from '../silence/matcher-list.js';

/** Alertmanager-style inhibition: while a source alert fires, target alerts with equal labels are muted. */
export interface InhibitRuleDocument {
  name: string;
  sourceMatchers: string[];
  targetMatchers: string[];
  /** Labels that must have equal values in source and target (an absent label is ""). */
  equal: string[];
}

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LABEL_EXPECTED = 'must be a label name such as service ([A-Za-z_][A-Za-z0-9_]*)';
const EQUAL_EXPECTED = 'must be a list of at most 20 label names such as [service]';
const RULE = 'an inhibit rule';
const FIELDS = ['name', 'sourceMatchers', 'targetMatchers', 'equal'];

const ruleSchema = documentObject(
  {
    name: nameField(),
    // A source matching every alert would let any firing alert mute the targets.
    sourceMatchers: matcherListField({ documentKind: 'the source of an inhibit rule', selective: true }),
    // A target may match everything (`severity!="critical"`): the source and `equal` narrow it.
    targetMatchers: matcherListField({ documentKind: 'the target of an inhibit rule', selective: false }),
    equal: z
      .array(
        z.string({ error: expected(LABEL_EXPECTED) }).regex(LABEL_NAME, { error: expected(LABEL_EXPECTED) }),
        { error: expected(EQUAL_EXPECTED) },
      )
      .max(20, { error: expected(EQUAL_EXPECTED) })
      .superRefine((names, ctx) => {
        names.forEach((name, index) => {
          if (names.indexOf(name) !== index) {
            ctx.addIssue({ code: 'custom', path: [index], input: name, message: `repeats "${name}"` });
          }
        });
      })
      .optional(),
  },
  RULE,
);

/** The JSON schema of an inhibit rule document for the HTTP API. */
export const inhibitRuleJsonSchema: Record<string, unknown> = jsonSchemaOf(ruleSchema);

/** Parses an inhibit rule (`equal` defaults to none), naming the field of each problem. */
export function parseInhibitRule(doc: unknown): Parsed<InhibitRuleDocument> {
  const parsed = ruleSchema.safeParse(doc);
  if (!parsed.success) return { ok: false, errors: documentErrors(parsed.error, RULE, FIELDS) };
  const { name, sourceMatchers, targetMatchers, equal } = parsed.data;
  return { ok: true, value: { name, sourceMatchers, targetMatchers, equal: equal ?? [] } };
}
