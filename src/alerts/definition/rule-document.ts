import type { FieldError } from '../../kernel/index.js';
import { CHECK_SERIES_NAMES } from '../check-series.js';
import type { AlertRuleDocument } from './rule-schema.js';

/**
 * Alert rules: the document users write (parseAlertRule, alertRuleJsonSchema) and the compiled
 * rule the evaluator runs (compileAlertRule). This module is their single entry point.
 */
export {
  type AlertRule,
  AlertRuleCompileError,
  type CompiledCondition,
  type CompiledDynamicCondition,
  type CompiledThresholdCondition,
  compileAlertRule,
  type FlapSettings,
  type SeriesSelection,
} from './rule-compile.js';
export {
  AGGREGATES,
  type Aggregate,
  COMPARISONS,
  CONDITION_KINDS,
  type Comparison,
  type ConditionDocument,
  type ConditionKind,
  type Direction,
  type Seasonality,
} from './rule-condition.js';
export {
  type AlertRuleDocument,
  alertRuleJsonSchema,
  alertRuleSchema,
  parseAlertRule,
} from './rule-schema.js';

/**
 * The error for a rule whose series has never been recorded (a typo, usually), or undefined.
 * Monitor conditions read CHECK_SERIES, which are always known.
 */
export function unknownSeriesError(
  doc: AlertRuleDocument,
  knownSeries: ReadonlySet<string>,
): FieldError | undefined {
  const condition = doc.condition;
  if (condition.kind !== 'threshold' && condition.kind !== 'dynamic') return undefined;
  if (knownSeries.has(condition.series) || CHECK_SERIES_NAMES.has(condition.series)) return undefined;
  return {
    field: 'condition.series',
    message: `series "${condition.series}" has no recorded samples; record samples of it before creating a rule on it`,
  };
}
