import { ACTED_STATES, type RemediationRecord } from './remediation-record.js';

/** One step's part in one finished remediation: an attempt, and whether it healed. */
export interface StepCredit {
  alertId: string;
  ruleName: string;
  step: string;
  succeeded: boolean;
  /** Time from plan to healed, for the step that healed; null otherwise. */
  healedInMs: number | null;
}

/**
 * How a finished remediation credits its steps. Every step whose action ran is an attempt; the
 * one success goes to the last step acted on before the remediation healed, if its action
 * succeeded (the steps before it ran without healing). Nothing is credited for a dry run, a
 * remediation that has not ended, one whose rule is unknown, one healed before any action ran
 * (the alert resolved on its own), or an event-triggered run (`completed`: there is no alert to
 * heal). Approvals are gates, not remedies: they are never credited.
 */
export function creditSteps(record: RemediationRecord): StepCredit[] {
  if (record.endedAt === null || record.dryRun || !record.ruleName || record.status === 'completed')
    return [];
  // Step names are unique in a runbook, and steps run in plan order: the last acted is the latest.
  const acted = record.steps.filter((s) => ACTED_STATES.has(s.state));
  const last = acted[acted.length - 1];
  const healer = record.status === 'healed' && last?.state === 'succeeded' ? last.name : undefined;
  return acted.map((s) => {
    const succeeded = s.name === healer;
    return {
      alertId: record.alertId,
      ruleName: record.ruleName,
      step: s.name,
      succeeded,
      healedInMs: succeeded ? record.healedInMs : null,
    };
  });
}

/** The median of `values` (the mean of the middle two for an even count); null for none. */
export function median(values: ReadonlyArray<number>): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
