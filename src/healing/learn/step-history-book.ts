import type { RecordedEvent } from '../../events/index.js';
import type { StepHistory } from '../runbooks/plan-steps.js';
import { foldRemediation, hasEnded, type RemediationRecord, remediationKeyOf } from './remediation-record.js';
import { creditSteps, type StepCredit } from './step-credit.js';

/** Attempts and successes of one step of one rule. */
export interface StepTally {
  attempts: number;
  successes: number;
}

/** What StepHistoryBook saves in a snapshot (JSON). */
export interface StepHistoryBookState {
  version: 1;
  /** Remediations under way, folded so far. */
  open: RemediationRecord[];
  /** [ruleName, step, attempts, successes] */
  tally: Array<[string, string, number, number]>;
}

/**
 * How often each step healed, per alert rule, learned from finished remediations as they are
 * folded in (the crediting rule is creditSteps). In memory; its state goes into the remediation
 * loop's snapshots.
 */
export class StepHistoryBook {
  private open = new Map<string, RemediationRecord>();
  private tally = new Map<string, Map<string, StepTally>>();

  /** Folds one event in; returns the credits of a remediation that ended with it (else none). */
  apply(event: RecordedEvent): StepCredit[] {
    const key = remediationKeyOf(event);
    if (key === undefined) return [];
    const before = this.open.get(key);
    const after = foldRemediation(before, event);
    if (after === before || after === undefined) return [];
    if (!hasEnded(after)) {
      this.open.set(key, after);
      return [];
    }
    this.open.delete(key);
    const credits = creditSteps(after);
    for (const credit of credits) this.add(credit.ruleName, credit.step, 1, credit.succeeded ? 1 : 0);
    return credits;
  }

  /** The steps of a rule that ran before, with their success rate: what planSteps orders alternatives by. */
  historyFor(ruleName: string): StepHistory {
    const history = new Map<string, { successRate: number; samples: number }>();
    for (const [step, t] of this.tally.get(ruleName) ?? []) {
      history.set(step, { successRate: t.attempts > 0 ? t.successes / t.attempts : 0, samples: t.attempts });
    }
    return history;
  }

  exportState(): StepHistoryBookState {
    const tally: StepHistoryBookState['tally'] = [];
    for (const [rule, steps] of this.tally) {
      for (const [step, t] of steps) tally.push([rule, step, t.attempts, t.successes]);
    }
    return { version: 1, open: [...this.open.values()].map(copyRecord), tally };
  }

  /** Replaces the state with a saved one; anything unreadable is left out (it is relearned from new events). */
  importState(state: unknown): void {
    this.open = new Map();
    this.tally = new Map();
    const saved = state as Partial<StepHistoryBookState> | null | undefined;
    if (saved?.version !== 1) return;
    for (const record of Array.isArray(saved.open) ? saved.open : []) {
      if (isRecord(record)) this.open.set(record.alertId, copyRecord(record));
    }
    for (const row of Array.isArray(saved.tally) ? saved.tally : []) {
      if (!Array.isArray(row) || row.length !== 4) continue;
      const [rule, step, attempts, successes] = row as unknown[];
      if (typeof rule !== 'string' || typeof step !== 'string') continue;
      if (!isCount(attempts) || !isCount(successes) || successes > attempts) continue;
      this.add(rule, step, attempts, successes);
    }
  }

  private add(ruleName: string, step: string, attempts: number, successes: number): void {
    const steps = this.tally.get(ruleName) ?? new Map<string, StepTally>();
    this.tally.set(ruleName, steps);
    const t = steps.get(step) ?? { attempts: 0, successes: 0 };
    steps.set(step, { attempts: t.attempts + attempts, successes: t.successes + successes });
  }
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

function isRecord(value: unknown): value is RemediationRecord {
  const r = value as Partial<RemediationRecord> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.alertId === 'string' &&
    typeof r.ruleName === 'string' &&
    typeof r.status === 'string' &&
    typeof r.startedAt === 'number' &&
    (r.endedAt === null || typeof r.endedAt === 'number') &&
    typeof r.dryRun === 'boolean' &&
    Array.isArray(r.steps) &&
    r.steps.every((s) => typeof s?.name === 'string' && typeof s.state === 'string')
  );
}

function copyRecord(record: RemediationRecord): RemediationRecord {
  return { ...record, steps: record.steps.map((s) => ({ ...s })) };
}
