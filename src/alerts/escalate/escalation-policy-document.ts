/**
 * An escalation policy as users write it (vigia.yaml `alerts.escalationPolicies:`,
 * POST /api/escalation-policies): who is told next when a firing alert is not acknowledged in time.
 */
import { z } from 'zod';
import type { FieldError, Parsed } from '../../kernel/index.js';
import { parseDuration } from '../../kernel/index.js';
import {
  documentErrors,
  durationField,
  expected,
  identifierField,
  jsonSchemaOf,
  receiverListField,
} from '../dispatch/document-fields.js';

export interface EscalationTierDocument {
  receivers: string[];
  /** Kept as written (`10m`): how long the tier has to acknowledge before the next one is told. */
  escalateAfter: string;
}

export interface EscalationPolicyDocument {
  name: string;
  /** Tier 1 is told through the route's grouping when the alert fires; the others by escalation. */
  tiers: EscalationTierDocument[];
  /** Start again at tier 1 after the last tier's escalateAfter (default true). */
  repeat: boolean;
  /** Rounds at most, the first included (default 3). */
  maxRounds: number;
}

export const MAX_ESCALATION_TIERS = 10;
const MIN_ESCALATE_AFTER_MS = 60_000;
const MAX_ESCALATE_AFTER_MS = 7 * 24 * 3_600_000;
const MAX_ROUNDS = 100;

const TIERS_EXPECTED = `must be a list of 1..${MAX_ESCALATION_TIERS} tiers`;
const ROUNDS_EXPECTED = `must be a whole number from 1 to ${MAX_ROUNDS}`;

const tierSchema = z.strictObject(
  {
    receivers: receiverListField(1, 10),
    escalateAfter: durationField(MIN_ESCALATE_AFTER_MS, MAX_ESCALATE_AFTER_MS),
  },
  {
    error: (issue) =>
      issue.code === 'invalid_type'
        ? expected('must be an object with receivers and escalateAfter')(issue)
        : undefined,
  },
);

const policySchema = z.strictObject(
  {
    name: identifierField(),
    tiers: z
      .array(tierSchema, { error: expected(TIERS_EXPECTED) })
      .min(1, { error: expected(TIERS_EXPECTED) })
      .max(MAX_ESCALATION_TIERS, { error: expected(TIERS_EXPECTED) }),
    repeat: z.boolean({ error: expected('must be true or false') }).default(true),
    maxRounds: z
      .number({ error: expected(ROUNDS_EXPECTED) })
      .int({ error: expected(ROUNDS_EXPECTED) })
      .min(1, { error: expected(ROUNDS_EXPECTED) })
      .max(MAX_ROUNDS, { error: expected(ROUNDS_EXPECTED) })
      .default(3),
  },
  {
    error: (issue) =>
      issue.code === 'invalid_type' ? expected('must be an object (an escalation policy)')(issue) : undefined,
  },
);

/** The JSON schema of an escalation policy document (POST /api/escalation-policies). */
export const escalationPolicyJsonSchema: Record<string, unknown> = jsonSchemaOf(policySchema);

/** Checks an escalation policy document; every problem is reported by field (`tiers[0].escalateAfter`). */
export function parseEscalationPolicy(doc: unknown): Parsed<EscalationPolicyDocument> {
  const parsed = policySchema.safeParse(doc);
  if (!parsed.success) return { ok: false, errors: documentErrors(parsed.error) };
  return { ok: true, value: parsed.data };
}

/** Receivers a policy names that do not exist, by field (`tiers[1].receivers[0]`). */
export function unknownPolicyReceivers(
  policy: EscalationPolicyDocument,
  receiverNames: ReadonlySet<string>,
): FieldError[] {
  const errors: FieldError[] = [];
  policy.tiers.forEach((tier, tierIndex) => {
    tier.receivers.forEach((name, index) => {
      if (!receiverNames.has(name)) {
        errors.push({
          field: `tiers[${tierIndex}].receivers[${index}]`,
          message: `receiver "${name}" does not exist`,
        });
      }
    });
  });
  return errors;
}

/** The receivers of the first tier: told through the route's grouping when the alert fires. */
export function firstTierReceivers(policy: EscalationPolicyDocument): string[] {
  return [...(policy.tiers[0]?.receivers ?? [])];
}

/** escalateAfter of a tier in milliseconds (undefined if the stored text is not a duration). */
export function escalateAfterMs(tier: EscalationTierDocument): number | undefined {
  return parseDuration(tier.escalateAfter);
}
