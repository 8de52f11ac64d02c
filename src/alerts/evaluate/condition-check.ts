import type { CompiledCondition } from '../definition/rule-compile.js';
import type { Comparison } from '../definition/rule-condition.js';
import { aggregateAt } from './aggregate.js';
import type { DynamicBaseline } from './baseline.js';
import type { SampleBuffer } from './sample-buffer.js';

/** A condition's outcome at one time: holds undefined means "no data" (nothing changes). */
export interface ConditionResult {
  holds: boolean | undefined;
  value: number | null;
  /** What $threshold renders: the threshold, or the band edge crossed for dynamic rules. */
  threshold: number | null;
}

/** One result object reused by every check (read at once, never kept): no allocation per evaluation. */
const result: ConditionResult = { holds: undefined, value: null, threshold: null };

function answer(holds: boolean | undefined, value: number | null, threshold: number | null): ConditionResult {
  result.holds = holds;
  result.value = value;
  result.threshold = threshold;
  return result;
}

/**
 * Checks `condition` on the samples at or before t. With `learn`, a dynamic rule first records
 * the value in its baseline (only evaluations after samples learn, never timer re-checks).
 * A dynamic rule does not hold while its baseline has fewer than minPoints values. The result
 * object is shared by all calls: read it before the next check.
 */
export function checkCondition(
  condition: CompiledCondition,
  buffer: SampleBuffer,
  baseline: DynamicBaseline | undefined,
  t: number,
  learn: boolean,
): ConditionResult {
  const value = aggregateAt(buffer, condition, t);
  if (value === undefined) return answer(undefined, null, null);
  if (condition.kind !== 'dynamic') {
    return answer(compare(value, condition.op, condition.threshold), value, condition.threshold);
  }
  if (baseline === undefined) return answer(false, value, null);
  if (learn) baseline.observe(t, value);
  const band = baseline.bandAt(t);
  if (band === undefined) return answer(false, value, null);
  const above = value > band.upper;
  const below = value < band.lower;
  switch (condition.direction) {
    case 'above':
      return answer(above, value, band.upper);
    case 'below':
      return answer(below, value, band.lower);
    case 'both':
      return answer(above || below, value, below ? band.lower : band.upper);
  }
}

/** `value op threshold`. */
export function compare(value: number, op: Comparison, threshold: number): boolean {
  switch (op) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}
