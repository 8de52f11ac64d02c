import { z } from 'zod';
import { parseDuration } from '../../kernel/index.js';
import { duration, expected, matcherList, seriesName, show } from './rule-fields.js';

/** The `condition:` of a rule document: one schema per kind, told apart by `kind`. */

export const CONDITION_KINDS = [
  'threshold',
  'dynamic',
  'monitor_down',
  'heartbeat_missing',
  'certificate_expiry',
] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

export const AGGREGATES = ['avg', 'max', 'min', 'last', 'sum', 'count', 'rate', 'percentile'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

export const COMPARISONS = ['>', '>=', '<', '<=', '==', '!='] as const;
export type Comparison = (typeof COMPARISONS)[number];

export const DIRECTIONS = ['above', 'below', 'both'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const SEASONALITIES = ['none', 'hour_of_week'] as const;
export type Seasonality = (typeof SEASONALITIES)[number];

const WEEK_MS = 7 * 24 * 3_600_000;
/** Longest baseline history: 8 weeks of minute values. */
export const MAX_HISTORY_MS = 8 * WEEK_MS;

const aggregate = (fallback: Aggregate) =>
  z.enum(AGGREGATES, { error: expected(`one of ${AGGREGATES.join(', ')}`) }).default(fallback);

const percentile = z
  .number({ error: expected('a number greater than 0 and at most 100') })
  .gt(0, { error: (issue) => `must be greater than 0 and at most 100, got ${show(issue.input)}` })
  .max(100, { error: (issue) => `must be greater than 0 and at most 100, got ${show(issue.input)}` });

/** Optional: how long without a sample before the series' alerts resolve (default max(5m, 2 × window)). */
const staleAfter = duration({ positive: true }).optional();

/** What threshold and dynamic conditions share: which series, and how its window is aggregated. */
const seriesFields = {
  series: seriesName,
  matchers: matcherList.default([]),
  percentile: percentile.optional(),
  window: duration().default('1m'),
  staleAfter,
};

/** percentile only with aggregate percentile (and then required); a window > 0 unless aggregate is last. */
function checkAggregation(
  condition: { aggregate: Aggregate; percentile?: number | undefined; window: string },
  context: z.RefinementCtx,
): void {
  if (condition.aggregate === 'percentile' && condition.percentile === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['percentile'],
      message: 'is required with aggregate percentile (a number greater than 0 and at most 100)',
    });
  }
  if (condition.aggregate !== 'percentile' && condition.percentile !== undefined) {
    context.addIssue({
      code: 'custom',
      path: ['percentile'],
      message: `is only allowed with aggregate percentile, not ${condition.aggregate}`,
    });
  }
  if (
    condition.aggregate !== 'last' &&
    typeof condition.window === 'string' &&
    parseDuration(condition.window) === 0
  ) {
    context.addIssue({
      code: 'custom',
      path: ['window'],
      message: `must be longer than 0s for aggregate ${condition.aggregate}, got "${condition.window}"`,
    });
  }
}

export const thresholdConditionSchema = z
  .object({
    kind: z.literal('threshold'),
    ...seriesFields,
    aggregate: aggregate('last'),
    op: z.enum(COMPARISONS, { error: expected(`one of ${COMPARISONS.join(' ')}`) }),
    threshold: z.number({ error: expected('a finite number') }),
  })
  .strict()
  .superRefine(checkAggregation);

const baselineSchema = z
  .object({
    seasonality: z
      .enum(SEASONALITIES, { error: expected(`one of ${SEASONALITIES.join(', ')}`) })
      .default('none'),
    history: duration({ positive: true, maxMs: MAX_HISTORY_MS, maxText: '8w' }).optional(),
    k: z
      .number({ error: expected('a number greater than 0') })
      .gt(0, { error: (issue) => `must be greater than 0, got ${show(issue.input)}` })
      .max(100, { error: (issue) => `must be at most 100, got ${show(issue.input)}` })
      .default(3),
    minPoints: z
      .number({ error: expected('a whole number from 1') })
      .int({ error: (issue) => `must be a whole number from 1, got ${show(issue.input)}` })
      .min(1, { error: (issue) => `must be a whole number from 1, got ${show(issue.input)}` })
      .default(30),
  })
  .strict()
  .transform((baseline) => ({
    ...baseline,
    history: baseline.history ?? (baseline.seasonality === 'hour_of_week' ? '4w' : '1d'),
  }));

/** Most minute values a baseline (or one hour-of-week bucket of it) can hold with `historyMs`. */
export function baselineCapacity(seasonality: Seasonality, historyMs: number): number {
  const minutes = Math.floor(historyMs / 60_000);
  return seasonality === 'none' ? minutes : Math.ceil(historyMs / WEEK_MS) * 60;
}

export const dynamicConditionSchema = z
  .object({
    kind: z.literal('dynamic'),
    ...seriesFields,
    aggregate: aggregate('avg'),
    direction: z.enum(DIRECTIONS, { error: expected(`one of ${DIRECTIONS.join(', ')}`) }).default('above'),
    baseline: baselineSchema.prefault({}),
  })
  .strict()
  .superRefine((condition, context) => {
    checkAggregation(condition, context);
    const { seasonality, history, minPoints } = condition.baseline;
    // Refinements also run when a field already failed: check only what is known good.
    if (typeof history !== 'string' || typeof minPoints !== 'number') return;
    const capacity = baselineCapacity(seasonality, parseDuration(history) ?? 0);
    if (minPoints > capacity) {
      context.addIssue({
        code: 'custom',
        path: ['baseline', 'minPoints'],
        message: `can never be reached: a history of ${history} holds at most ${capacity} minute values${
          seasonality === 'hour_of_week' ? ' per hour-of-week bucket' : ''
        }, got ${minPoints}`,
      });
    }
  });

const monitorMatchers = { matchers: matcherList.default([]), staleAfter };

export const monitorDownConditionSchema = z
  .object({ kind: z.literal('monitor_down'), ...monitorMatchers })
  .strict();

export const heartbeatMissingConditionSchema = z
  .object({ kind: z.literal('heartbeat_missing'), ...monitorMatchers })
  .strict();

export const certificateExpiryConditionSchema = z
  .object({
    kind: z.literal('certificate_expiry'),
    days: z
      .number({ error: expected('a whole number of days from 1 to 365') })
      .int({ error: (issue) => `must be a whole number of days from 1 to 365, got ${show(issue.input)}` })
      .min(1, { error: (issue) => `must be a whole number of days from 1 to 365, got ${show(issue.input)}` })
      .max(365, {
        error: (issue) => `must be a whole number of days from 1 to 365, got ${show(issue.input)}`,
      }),
    ...monitorMatchers,
  })
  .strict();

export const conditionSchema = z.discriminatedUnion(
  'kind',
  [
    thresholdConditionSchema,
    dynamicConditionSchema,
    monitorDownConditionSchema,
    heartbeatMissingConditionSchema,
    certificateExpiryConditionSchema,
  ],
  { error: expected(`an object whose kind is one of ${CONDITION_KINDS.join(', ')}`) },
);

export type ConditionDocument = z.output<typeof conditionSchema>;
export type ThresholdConditionDocument = z.output<typeof thresholdConditionSchema>;
export type DynamicConditionDocument = z.output<typeof dynamicConditionSchema>;
export type CertificateExpiryConditionDocument = z.output<typeof certificateExpiryConditionSchema>;
