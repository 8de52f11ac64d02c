import { AlertStateError } from '../dispatch/dispatch-errors.js';
import { DueHeap } from '../dispatch/due-heap.js';
import { type EscalationPolicyDocument, escalateAfterMs } from './escalation-policy-document.js';

/** A tier to notify now because the alert was not acknowledged in time. */
export interface EscalationStep {
  alertId: string;
  policyId: string;
  /** Index of the tier to notify (0 = first) and which repetition of the policy (0 = first). */
  tier: number;
  round: number;
  receivers: string[];
  /** When the step was due: with alertId, tier and round, the notification's idempotency key. */
  at: number;
}

/** One alert under escalation, in exported state. */
export interface TrackedEscalation {
  alertId: string;
  policyId: string;
  /** The tier (and round) last notified. */
  tier: number;
  round: number;
  /** When that tier was notified, or when the alert was last unacknowledged: its clock starts here. */
  since: number;
  acknowledged: boolean;
}

/** Everything EscalationTracker knows, as JSON, alerts by id. */
export interface EscalationState {
  version: 1;
  alerts: TrackedEscalation[];
}

interface CompiledPolicy {
  id: string;
  name: string;
  tiers: Array<{ receivers: string[]; afterMs: number }>;
  rounds: number;
}

/**
 * Escalation of firing alerts as a pure state machine: while an alert is not acknowledged, each
 * tier gets escalateAfter before the next tier is told, round after round up to maxRounds. The
 * runtime asks what is due, records the escalations durably, then marks them notified.
 */
export class EscalationTracker {
  private policiesById = new Map<string, CompiledPolicy>();
  private policiesByName = new Map<string, CompiledPolicy>();
  private policiesKnown = false;
  private readonly tracked = new Map<string, TrackedEscalation>();
  private readonly schedule = new DueHeap();

  /** The current policies; alerts whose policy is gone stop escalating. */
  setPolicies(policies: ReadonlyArray<{ id: string; name: string } & EscalationPolicyDocument>): void {
    this.policiesById = new Map();
    this.policiesByName = new Map();
    for (const policy of policies) {
      const compiled = compile(policy);
      if (compiled === undefined) continue;
      this.policiesById.set(compiled.id, compiled);
      this.policiesByName.set(compiled.name, compiled);
    }
    this.policiesKnown = true;
    this.forgetOrphans();
    this.rebuildSchedule();
  }

  /** Starts escalating a fired alert; its first tier counts as told at `firedAtMs` (by the route's grouping). */
  start(alertId: string, policyName: string, firedAtMs: number): void {
    const policy = this.policiesByName.get(policyName);
    if (this.tracked.has(alertId) || policy === undefined) return;
    const tracked = {
      alertId,
      policyId: policy.id,
      tier: 0,
      round: 0,
      since: firedAtMs,
      acknowledged: false,
    };
    this.tracked.set(alertId, tracked);
    this.scheduleOf(tracked);
  }

  /** Someone took the alert: no further tier is told. */
  acknowledge(alertId: string): void {
    const tracked = this.tracked.get(alertId);
    if (tracked !== undefined) tracked.acknowledged = true;
  }

  /** Nobody has it any more: the current tier's escalateAfter starts again from `nowMs`. */
  unacknowledge(alertId: string, nowMs: number): void {
    const tracked = this.tracked.get(alertId);
    if (tracked === undefined || !tracked.acknowledged) return;
    tracked.acknowledged = false;
    tracked.since = nowMs;
    this.scheduleOf(tracked);
  }

  /** The alert resolved (or went away): escalation ends. */
  stop(alertId: string): void {
    this.tracked.delete(alertId);
  }

  /** Steps due at `nowMs`, by time then alert id; a step stays due until markNotified. */
  due(nowMs: number): EscalationStep[] {
    const steps: EscalationStep[] = [];
    const stillDue = [];
    const seen = new Set<string>();
    for (
      let entry = this.schedule.peek();
      entry !== undefined && entry.at <= nowMs;
      entry = this.schedule.peek()
    ) {
      this.schedule.pop();
      const tracked = this.tracked.get(entry.key);
      if (tracked === undefined || seen.has(entry.key) || this.dueAtOf(tracked) !== entry.at) continue;
      seen.add(entry.key);
      const policy = this.policiesById.get(tracked.policyId)!;
      const next = nextTierOf(tracked, policy)!;
      steps.push({
        alertId: tracked.alertId,
        policyId: policy.id,
        tier: next.tier,
        round: next.round,
        receivers: [...policy.tiers[next.tier]!.receivers],
        at: entry.at,
      });
      stillDue.push(entry);
    }
    for (const entry of stillDue) this.schedule.push(entry);
    return steps.sort((a, b) => a.at - b.at || (a.alertId < b.alertId ? -1 : 1));
  }

  /** Records that a step returned by `due` was notified (recorded durably); a second mark is ignored. */
  markNotified(step: EscalationStep): void {
    const tracked = this.tracked.get(step.alertId);
    const policy = tracked && this.policiesById.get(tracked.policyId);
    if (tracked === undefined || policy === undefined) return;
    const next = nextTierOf(tracked, policy);
    if (next === undefined || next.tier !== step.tier || next.round !== step.round) return;
    tracked.tier = step.tier;
    tracked.round = step.round;
    tracked.since = step.at;
    this.scheduleOf(tracked);
  }

  /** When the earliest step is due (possibly in the past, while a step awaits markNotified). */
  nextDueAt(): number | undefined {
    for (let entry = this.schedule.peek(); entry !== undefined; entry = this.schedule.peek()) {
      const tracked = this.tracked.get(entry.key);
      if (tracked !== undefined && this.dueAtOf(tracked) === entry.at) return entry.at;
      this.schedule.pop();
    }
    return undefined;
  }

  /** The first tier's receivers of a policy (told through the route's grouping), or [] when unknown. */
  firstTierReceivers(policyName: string): string[] {
    return [...(this.policiesByName.get(policyName)?.tiers[0]?.receivers ?? [])];
  }

  /** Number of alerts under escalation (acknowledged ones included). */
  size(): number {
    return this.tracked.size;
  }

  /** Everything as plain JSON, sorted, so that importState gives back exactly this. */
  exportState(): EscalationState {
    const ids = [...this.tracked.keys()].sort();
    return { version: 1, alerts: ids.map((id) => ({ ...this.tracked.get(id)! })) };
  }

  /** Replaces everything with exported state (after a restart). */
  importState(state: EscalationState): void {
    if (state?.version !== 1 || !Array.isArray(state.alerts)) {
      throw new AlertStateError('escalation', `expected version 1, got ${String(state?.version)}`);
    }
    this.tracked.clear();
    for (const saved of state.alerts) this.tracked.set(saved.alertId, { ...saved });
    if (this.policiesKnown) this.forgetOrphans();
    this.rebuildSchedule();
  }

  /** When the alert's next tier is due; undefined when acknowledged, finished or its policy is unknown. */
  private dueAtOf(tracked: TrackedEscalation): number | undefined {
    if (tracked.acknowledged) return undefined;
    const policy = this.policiesById.get(tracked.policyId);
    if (policy === undefined || nextTierOf(tracked, policy) === undefined) return undefined;
    // A policy edited to fewer tiers: the last one's wait applies.
    const current = policy.tiers[Math.min(tracked.tier, policy.tiers.length - 1)]!;
    return tracked.since + current.afterMs;
  }

  private scheduleOf(tracked: TrackedEscalation): void {
    const at = this.dueAtOf(tracked);
    if (at !== undefined) this.schedule.push({ at, key: tracked.alertId });
    if (this.schedule.size > 2 * this.tracked.size + 1024) this.rebuildSchedule();
  }

  private rebuildSchedule(): void {
    const entries = [];
    for (const tracked of this.tracked.values()) {
      const at = this.dueAtOf(tracked);
      if (at !== undefined) entries.push({ at, key: tracked.alertId });
    }
    this.schedule.reset(entries);
  }

  private forgetOrphans(): void {
    for (const [alertId, tracked] of this.tracked) {
      if (!this.policiesById.has(tracked.policyId)) this.tracked.delete(alertId);
    }
  }
}

/** The tier after the one last notified: the next one, or the first of the next round, or none. */
function nextTierOf(
  tracked: TrackedEscalation,
  policy: CompiledPolicy,
): { tier: number; round: number } | undefined {
  if (tracked.tier + 1 < policy.tiers.length) return { tier: tracked.tier + 1, round: tracked.round };
  if (tracked.round + 1 < policy.rounds) return { tier: 0, round: tracked.round + 1 };
  return undefined;
}

function compile(
  policy: { id: string; name: string } & EscalationPolicyDocument,
): CompiledPolicy | undefined {
  const tiers = [];
  for (const tier of policy.tiers) {
    const afterMs = escalateAfterMs(tier);
    // Stored policies were parsed; one that is not cannot escalate safely and is treated as unknown.
    if (afterMs === undefined || afterMs <= 0 || tier.receivers.length === 0) return undefined;
    tiers.push({ receivers: [...tier.receivers], afterMs });
  }
  if (tiers.length === 0) return undefined;
  return {
    id: policy.id,
    name: policy.name,
    tiers,
    rounds: policy.repeat ? Math.max(1, policy.maxRounds) : 1,
  };
}
