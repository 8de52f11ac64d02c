import type { Comparison } from '../definition/rule-condition.js';
import type { CompiledCondition } from '../definition/rule-compile.js';
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

const NO_DATA: ConditionResult = { holds: undefined, value: null, threshold: null };

/**
 * Checks `condition` on the samples at or before t. With `learn`, a dynamic rule first records
 * the value in its baseline (only evaluations after samples learn, never timer re-checks).
 * A dynamic rule does not hold while its baseline has fewer than minPoints values.
 */
export function checkCondition(
  condition: CompiledCondition,
  buffer: SampleBuffer,
  baseline: DynamicBaseline | undefined,
  t: number,
  learn: boolean,
): ConditionResult {
  const value = aggregateAt(buffer, condition, t);
  if (value === undefined) return NO_DATA;
  if (condition.kind !== 'dynamic') {
    return { holds: compare(value, condition.op, condition.threshold), value, threshold: condition.threshold };
  }
  if (baseline === undefined) return { holds: false, value, threshold: null };
  if (learn) baseline.observe(t, value);
  const band = baseline.bandAt(t);
  if (band === undefined) return { holds: false, value, threshold: null };
  const above = value > band.upper;
  const below = value < band.lower;
  switch (condition.direction) {
    case 'above':
      return { holds: above, value, threshold: band.upper };
    case 'below':
      return { holds: below, value, threshold: band.lower };
    case 'both':
      return { holds: above || below, value, threshold: below ? band.lower : band.upper };
  }
}

function compare(value: number, op: Comparison, threshold: number): boolean {
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
