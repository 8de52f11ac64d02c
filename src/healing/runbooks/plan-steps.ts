import type { CauseKind } from '../healing-events.js';
import type { RunbookDocument, RunbookStep, StepCondition } from './runbook-types.js';

/** What planning reads of a diagnosis: its probable causes, most probable first. */
export interface DiagnosisToPlan {
  causes: ReadonlyArray<{ kind: CauseKind | string; subject: string; confidence: number }>;
}

/** How often a step healed before, by step name. */
export type StepHistory = ReadonlyMap<string, { successRate: number; samples: number }>;

/**
 * The steps to run for a diagnosis: those whose `when` holds, in the order written, except that
 * the steps marked `alternatives` trade places among themselves so the ones that healed more
 * often come first. Rates are smoothed (Laplace: (successes + 1) / (samples + 2)), so a step
 * never tried counts as 50% and one success in one try does not outrank nine in ten.
 */
export function planSteps(
  runbook: Pick<RunbookDocument, 'steps'>,
  diagnosis: DiagnosisToPlan,
  history: StepHistory = new Map(),
): RunbookStep[] {
  const chosen = runbook.steps.filter((step) => holds(step.when, diagnosis));
  const alternatives = chosen
    .map((step, index) => ({ step, index, rate: smoothedRate(history.get(step.name)) }))
    .filter(({ step }) => step.alternatives);
  const ranked = [...alternatives].sort((a, b) => b.rate - a.rate || a.index - b.index);
  const plan = [...chosen];
  alternatives.forEach((slot, i) => {
    plan[slot.index] = ranked[i]!.step;
  });
  return plan;
}

/** True when the step has no condition, or a cause of the diagnosis fulfils it. */
export function holds(when: StepCondition | undefined, diagnosis: DiagnosisToPlan): boolean {
  if (!when) return true;
  const causes = when.among === 'first' ? diagnosis.causes.slice(0, 1) : diagnosis.causes;
  return causes.some(
    (cause) =>
      (when.cause === undefined || cause.kind === when.cause) &&
      (when.subject === undefined || cause.subject === when.subject) &&
      (when.minConfidence === undefined || cause.confidence >= when.minConfidence),
  );
}

function smoothedRate(record: { successRate: number; samples: number } | undefined): number {
  if (!record || !(record.samples > 0)) return 0.5;
  const rate = Math.min(1, Math.max(0, Number.isFinite(record.successRate) ? record.successRate : 0));
  return (rate * record.samples + 1) / (record.samples + 2);
}
