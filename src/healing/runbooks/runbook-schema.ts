import { z } from 'zod';
import { documentErrorsOf, type Parsed } from '../../kernel/index.js';
import {
  boundedDuration,
  expected,
  identifier,
  labelName,
  matcherList,
  show,
  wholeNumber,
} from '../definition/document-fields.js';
import { HealingEvents } from '../healing-events.js';
import { actionSchema } from './action-schema.js';
import { eventTypePattern } from './event-type-pattern.js';
import { ACTION_KINDS, CAUSE_KINDS, ON_FAILURE, type RunbookDocument, SEVERITIES } from './runbook-types.js';

/** Parsing of runbook documents: every problem names its field (`steps[1].action.url` …). */

export const STEP_TIMEOUT_MIN_MS = 1000;
export const STEP_TIMEOUT_MAX_MS = 10 * 60_000;
export const VERIFY_MIN_MS = 10_000;
export const VERIFY_MAX_MS = 3_600_000;
export const MAX_STEPS = 20;

const TYPE_PATTERN = /^[A-Za-z0-9_.:*-]{1,200}$/;

const alertTrigger = z
  .object({
    matchers: matcherList.default([]),
    severities: z
      .array(z.enum(SEVERITIES, { error: expected(`one of ${SEVERITIES.join(', ')}`) }), {
        error: expected('a list of severities'),
      })
      .max(4, { error: () => 'must have at most 4 severities' })
      .default([]),
    rules: z
      .array(identifier, { error: expected('a list of alert rule names') })
      .max(50, { error: () => 'must have at most 50 rule names' })
      .default([]),
  })
  .strict()
  .superRefine((trigger, context) => {
    if (trigger.matchers.length + trigger.severities.length + trigger.rules.length === 0) {
      context.addIssue({
        code: 'custom',
        message: 'must name at least one of matchers, severities or rules',
      });
    }
  });

const healingEventTypes = Object.values(HealingEvents);

const eventTrigger = z
  .object({
    typePattern: z
      .string({ error: expected('an event type pattern such as deploy.*') })
      .superRefine((text, context) => {
        if (!TYPE_PATTERN.test(text) || /^[*.]*$/.test(text)) {
          context.addIssue({
            code: 'custom',
            message: `must be an event type pattern such as deploy.* (letters, digits, _ . : - and * wildcards), got ${show(text)}`,
          });
          return;
        }
        const pattern = eventTypePattern(text);
        const own = healingEventTypes.find((type) => pattern.test(type));
        if (own) {
          context.addIssue({
            code: 'custom',
            message: `must not match healing's own events (it matches ${own}): the runbook would trigger itself`,
          });
        }
      }),
  })
  .strict();

const trigger = z
  .object(
    { alert: alertTrigger.optional(), event: eventTrigger.optional() },
    { error: expected('a trigger with alert and/or event') },
  )
  .strict()
  .superRefine((value, context) => {
    if (value.alert === undefined && value.event === undefined) {
      context.addIssue({ code: 'custom', message: 'must have an alert or an event trigger' });
    }
  });

const confidence = z
  .number({ error: expected('a number from 0 to 1') })
  .min(0, { error: (issue) => `must be a number from 0 to 1, got ${show(issue.input)}` })
  .max(1, { error: (issue) => `must be a number from 0 to 1, got ${show(issue.input)}` });

const when = z
  .object(
    {
      cause: z
        .enum(CAUSE_KINDS as [string, ...string[]], { error: expected(`one of ${CAUSE_KINDS.join(', ')}`) })
        .optional(),
      subject: z
        .string({ error: expected('a text such as db') })
        .min(1, { error: () => 'must not be empty' })
        .max(200, { error: () => 'must be at most 200 characters' })
        .optional(),
      minConfidence: confidence.optional(),
      among: z.enum(['first', 'any'], { error: expected('first or any') }).default('any'),
    },
    { error: expected('a condition on the diagnosis such as { cause: dependency_down, subject: db }') },
  )
  .strict();

const onFailure = z.enum(ON_FAILURE, { error: expected(ON_FAILURE.join(' or ')) });

const step = z
  .object(
    {
      name: identifier,
      when: when.optional(),
      action: actionSchema,
      timeout: boundedDuration(STEP_TIMEOUT_MIN_MS, STEP_TIMEOUT_MAX_MS).optional(),
      retries: wholeNumber(0, 5).optional(),
      onFailure: onFailure.optional(),
      alternatives: z.boolean({ error: expected('true or false') }).default(false),
    },
    { error: expected('a step (an object with name and action)') },
  )
  .strict()
  .superRefine((value, context) => {
    // An approval waits for people until its own expiresIn; timeouts and retries make no sense there.
    if (value.action.kind !== 'approval') return;
    for (const field of ['timeout', 'retries'] as const) {
      if (value[field] !== undefined) {
        context.addIssue({
          code: 'custom',
          path: [field],
          message: 'is not allowed on an approval step (it waits until action.expiresIn)',
        });
      }
    }
  })
  .transform(({ timeout, retries, ...rest }) => ({
    ...rest,
    timeout: timeout ?? '30s',
    retries: retries ?? 0,
  }));

const steps = z
  .array(step, { error: expected('a list of steps') })
  .min(1, { error: () => 'must have at least 1 step' })
  .max(MAX_STEPS, {
    error: (issue) => `must have at most ${MAX_STEPS} steps, got ${(issue.input as unknown[]).length}`,
  })
  .superRefine((list, context) => {
    const first = new Map<string, number>();
    list.forEach((item, index) => {
      const earlier = first.get(item.name);
      if (earlier === undefined) first.set(item.name, index);
      else
        context.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `repeats the name of steps[${earlier}]`,
        });
    });
  });

export const runbookSchema = z
  .object(
    {
      name: identifier,
      description: z
        .string({ error: expected('a text') })
        .max(2000, { error: () => 'must be at most 2000 characters' })
        .optional(),
      enabled: z.boolean({ error: expected('true or false') }).default(true),
      dryRun: z.boolean({ error: expected('true or false') }).default(false),
      trigger,
      steps,
      verify: z
        .object(
          { within: boundedDuration(VERIFY_MIN_MS, VERIFY_MAX_MS).default('2m') },
          { error: expected('{ within: 2m }') },
        )
        .strict()
        .prefault({}),
      onFailure: onFailure.default('escalate'),
      budget: z
        .object(
          { maxActionsPerHour: wholeNumber(1, 100).default(3), per: labelName.default('service') },
          { error: expected('{ maxActionsPerHour: 3 }') },
        )
        .strict()
        .prefault({}),
    },
    { error: expected('a runbook document (an object)') },
  )
  .strict();

/** Parses a runbook document, filling in defaults; every problem names its field. */
export function parseRunbook(doc: unknown): Parsed<RunbookDocument> {
  const result = runbookSchema.safeParse(doc);
  if (result.success) return { ok: true, value: result.data as RunbookDocument };
  return {
    ok: false,
    errors: result.error.issues.flatMap((issue) => documentErrorsOf(issue, doc, ACTION_KINDS)),
  };
}
