import { describe, expect, it } from 'vitest';
import { AlertStateError } from '../dispatch/dispatch-errors.js';
import type { EscalationPolicyDocument } from './escalation-policy-document.js';
import { type EscalationStep, EscalationTracker } from './escalation-tracker.js';

const T0 = Date.UTC(2026, 0, 1);
const M = 60_000;

const DB_ESCALATION: { id: string; name: string } & EscalationPolicyDocument = {
  id: 'policy-1',
  name: 'db-escalation',
  tiers: [
    { receivers: ['db-oncall'], escalateAfter: '10m' },
    { receivers: ['db-lead', 'cto-mail'], escalateAfter: '30m' },
  ],
  repeat: true,
  maxRounds: 3,
};

function trackerWith(policy = DB_ESCALATION): EscalationTracker {
  const tracker = new EscalationTracker();
  tracker.setPolicies([policy]);
  return tracker;
}

/** What the runtime does, minute by minute: take the due steps, record them, mark them. */
function runUntil(tracker: EscalationTracker, fromMs: number, toMs: number): EscalationStep[] {
  const steps: EscalationStep[] = [];
  for (let now = fromMs; now <= toMs; now += M) {
    for (const step of tracker.due(now)) {
      steps.push(step);
      tracker.markNotified(step);
    }
  }
  return steps;
}

function summary(steps: EscalationStep[]): string[] {
  return steps.map((s) => `r${s.round}t${s.tier}@${(s.at - T0) / M}m:${s.receivers.join('+')}`);
}

describe('EscalationTracker', () => {
  it('tells each next tier when the previous one did not acknowledge in time, for maxRounds rounds', () => {
    const tracker = trackerWith();
    tracker.start('alert-1', 'db-escalation', T0);
    expect(tracker.nextDueAt()).toBe(T0 + 10 * M);
    expect(summary(runUntil(tracker, T0, T0 + 5 * 60 * M))).toEqual([
      'r0t1@10m:db-lead+cto-mail',
      'r1t0@40m:db-oncall',
      'r1t1@50m:db-lead+cto-mail',
      'r2t0@80m:db-oncall',
      'r2t1@90m:db-lead+cto-mail',
    ]);
    expect(tracker.nextDueAt()).toBeUndefined();
  });

  it('goes through the tiers once when repeat is false', () => {
    const tracker = trackerWith({ ...DB_ESCALATION, repeat: false });
    tracker.start('alert-1', 'db-escalation', T0);
    expect(summary(runUntil(tracker, T0, T0 + 5 * 60 * M))).toEqual(['r0t1@10m:db-lead+cto-mail']);
  });

  it('returns a due step again until it is marked, and ignores a second mark', () => {
    const tracker = trackerWith();
    tracker.start('alert-1', 'db-escalation', T0);
    const [step] = tracker.due(T0 + 10 * M);
    expect(step).toEqual({
      alertId: 'alert-1',
      policyId: 'policy-1',
      tier: 1,
      round: 0,
      receivers: ['db-lead', 'cto-mail'],
      at: T0 + 10 * M,
    });
    expect(tracker.due(T0 + 11 * M)).toEqual([step]);
    tracker.markNotified(step!);
    tracker.markNotified(step!);
    expect(tracker.due(T0 + 11 * M)).toEqual([]);
    expect(tracker.nextDueAt()).toBe(T0 + 40 * M);
  });

  it('stops escalating once acknowledged', () => {
    const tracker = trackerWith();
    tracker.start('alert-1', 'db-escalation', T0);
    tracker.acknowledge('alert-1');
    expect(runUntil(tracker, T0, T0 + 5 * 60 * M)).toEqual([]);
    expect(tracker.nextDueAt()).toBeUndefined();
  });

  it('restarts the current tier clock when unacknowledged', () => {
    const tracker = trackerWith();
    tracker.start('alert-1', 'db-escalation', T0);
    runUntil(tracker, T0, T0 + 10 * M); // tier 2 told at 10m
    tracker.acknowledge('alert-1');
    expect(runUntil(tracker, T0 + 11 * M, T0 + 60 * M)).toEqual([]);
    tracker.unacknowledge('alert-1', T0 + 60 * M);
    expect(tracker.nextDueAt()).toBe(T0 + 90 * M);
    expect(summary(runUntil(tracker, T0 + 60 * M, T0 + 100 * M))).toEqual([
      'r1t0@90m:db-oncall',
      'r1t1@100m:db-lead+cto-mail',
    ]);
  });

  it('ends escalation when the alert resolves', () => {
    const tracker = trackerWith();
    tracker.start('alert-1', 'db-escalation', T0);
    tracker.stop('alert-1');
    expect(tracker.due(T0 + 60 * M)).toEqual([]);
    expect(tracker.size()).toBe(0);
  });

  it('orders steps of several alerts by time, then alert id', () => {
    const tracker = trackerWith();
    tracker.start('b', 'db-escalation', T0);
    tracker.start('a', 'db-escalation', T0);
    tracker.start('c', 'db-escalation', T0 - M);
    expect(tracker.due(T0 + 10 * M).map((s) => s.alertId)).toEqual(['c', 'a', 'b']);
  });

  it('does not escalate with an unknown policy, and stops when the policy is removed', () => {
    const tracker = trackerWith();
    tracker.start('alert-1', 'no-such-policy', T0);
    expect(tracker.size()).toBe(0);
    tracker.start('alert-2', 'db-escalation', T0);
    tracker.setPolicies([]);
    expect(tracker.due(T0 + 60 * M)).toEqual([]);
    expect(tracker.size()).toBe(0);
  });

  it('uses the new timings when a policy is edited, and survives a policy edited to fewer tiers', () => {
    const tracker = trackerWith();
    tracker.start('alert-1', 'db-escalation', T0);
    runUntil(tracker, T0, T0 + 10 * M); // tier index 1 told
    tracker.setPolicies([{ ...DB_ESCALATION, tiers: [{ receivers: ['solo'], escalateAfter: '5m' }] }]);
    expect(summary(runUntil(tracker, T0 + 11 * M, T0 + 30 * M))).toEqual(['r1t0@15m:solo', 'r2t0@20m:solo']);
  });

  it('gives the same next steps after exportState and importState into a new instance', () => {
    const before = trackerWith();
    before.start('alert-1', 'db-escalation', T0);
    before.start('alert-2', 'db-escalation', T0 + 3 * M);
    runUntil(before, T0, T0 + 12 * M);
    before.acknowledge('alert-2');

    const after = trackerWith();
    after.importState(JSON.parse(JSON.stringify(before.exportState())));
    expect(after.exportState()).toEqual(before.exportState());
    expect(after.nextDueAt()).toBe(before.nextDueAt());
    expect(runUntil(after, T0 + 13 * M, T0 + 3 * 60 * M)).toEqual(
      runUntil(before, T0 + 13 * M, T0 + 3 * 60 * M),
    );
  });

  it('keeps restored alerts until the policies are known, then escalates them', () => {
    const before = trackerWith();
    before.start('alert-1', 'db-escalation', T0);
    const after = new EscalationTracker();
    after.importState(before.exportState());
    expect(after.due(T0 + 10 * M)).toEqual([]);
    after.setPolicies([DB_ESCALATION]);
    expect(after.due(T0 + 10 * M)).toMatchObject([{ alertId: 'alert-1', tier: 1 }]);
  });

  it('refuses state it cannot read', () => {
    expect(() => new EscalationTracker().importState({ version: 9 } as never)).toThrow(AlertStateError);
  });

  it('names the first tier receivers, told through the route grouping', () => {
    expect(trackerWith().firstTierReceivers('db-escalation')).toEqual(['db-oncall']);
    expect(trackerWith().firstTierReceivers('unknown')).toEqual([]);
  });
});
