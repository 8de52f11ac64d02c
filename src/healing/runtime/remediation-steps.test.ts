import { describe, expect, it } from 'vitest';
import { HealingEvents } from '../healing-events.js';
import type { RunbookStep } from '../runbooks/runbook-types.js';
import type { FiringAlert, Remediation } from './remediation-state.js';
import { advanceRemediation, stepFailed, stepSucceeded } from './remediation-steps.js';

const T0 = Date.parse('2026-11-22T10:00:00Z');

function step(name: string, alternatives = false): RunbookStep {
  return {
    name,
    action: { kind: 'simulator_fault_off', url: 'http://127.0.0.1:9' },
    timeout: '30s',
    retries: 0,
    alternatives,
  };
}

function remediation(steps: RunbookStep[], extra: Partial<Remediation> = {}): Remediation {
  return {
    alertId: 'a1',
    trigger: 'alert',
    correlationId: 'a1',
    target: 'api',
    runbookId: 'rb',
    runbookName: 'heal-api',
    dryRun: false,
    steps,
    stepIndex: 0,
    status: 'planned',
    verifyWithinMs: 60_000,
    onFailure: 'next',
    startedAt: T0,
    ...extra,
  };
}

const alert: FiringAlert = {
  alertId: 'a1',
  trigger: 'alert',
  correlationId: 'a1',
  ruleName: 'api-down',
  labels: { service: 'api' },
  annotations: {},
  firedAt: T0,
  inhibited: false,
  resolved: false,
};

const types = (appends: ReturnType<typeof advanceRemediation>) => appends.map((a) => a.events[0]?.type);

describe('alternative steps', () => {
  it('pass over the other alternatives once one succeeds, then verify', () => {
    const r = remediation([step('restart', true), step('failover', true), step('tell')]);
    expect(types(advanceRemediation(r, alert, T0))).toEqual([HealingEvents.actionRequested]);
    stepSucceeded(r);
    expect(r.stepIndex).toBe(2);
    expect(r.skipped).toEqual([1]);
    expect(advanceRemediation(r, alert, T0)[0]?.events[0]?.data).toMatchObject({ step: 'tell' });
    stepSucceeded(r);
    expect(advanceRemediation(r, alert, T0)).toEqual([]);
    expect(r.status).toBe('verifying');
  });

  it('try the next alternative when one fails', () => {
    const r = remediation([step('restart', true), step('failover', true)]);
    advanceRemediation(r, alert, T0);
    stepFailed(r, HealingEvents.actionFailed);
    expect(r).toMatchObject({ stepIndex: 1, status: 'planned' });
  });

  it('try an alternative passed over when verification fails, and escalate once none is left', () => {
    const r = remediation([step('restart', true), step('failover', true)]);
    advanceRemediation(r, alert, T0);
    stepSucceeded(r);
    advanceRemediation(r, alert, T0);
    expect(r.status).toBe('verifying');
    expect(advanceRemediation(r, alert, T0 + 59_000)).toEqual([]);

    const retry = advanceRemediation(r, alert, T0 + 60_000);
    expect(types(retry)).toEqual([HealingEvents.verificationFailed, HealingEvents.actionRequested]);
    expect(retry[1]?.events[0]?.data).toMatchObject({ step: 'failover', stepIndex: 1 });
    stepSucceeded(r);
    advanceRemediation(r, alert, T0 + 61_000);
    expect(types(advanceRemediation(r, alert, T0 + 121_000))).toEqual([
      HealingEvents.notHealed,
      HealingEvents.escalated,
      HealingEvents.notificationRequested,
    ]);
    expect(r.status).toBe('escalated');
  });

  it('are not retried after a failed verification when the runbook says escalate', () => {
    const r = remediation([step('restart', true), step('failover', true)], { onFailure: 'escalate' });
    advanceRemediation(r, alert, T0);
    stepSucceeded(r);
    advanceRemediation(r, alert, T0);
    expect(types(advanceRemediation(r, alert, T0 + 60_000))).toEqual([
      HealingEvents.notHealed,
      HealingEvents.escalated,
      HealingEvents.notificationRequested,
    ]);
  });
});

describe('escalation', () => {
  it('tells the people the alert routes to, with the reason', () => {
    const r = remediation([step('restart')], {
      status: 'escalating',
      escalationReason: 'step "restart" failed',
    });
    const appends = advanceRemediation(r, alert, T0);
    expect(appends[1]?.events[0]?.data).toEqual({
      alertId: 'a1',
      labels: { service: 'api' },
      receivers: [],
      message:
        'Vigia could not heal alert api-down on api (runbook heal-api): step "restart" failed. Over to you.',
      kind: 'escalation',
    });
    expect(appends[1]?.events[0]?.metadata).toMatchObject({ correlationId: 'a1' });
  });

  it('tells nobody in dry run', () => {
    const r = remediation([step('restart')], { status: 'escalating', dryRun: true });
    expect(types(advanceRemediation(r, alert, T0))).toEqual([HealingEvents.escalated]);
  });
});

describe('a runbook started by an event', () => {
  it('completes once every step ran (there is no alert to verify)', () => {
    const r = remediation([step('restart')], { trigger: 'event', alertId: 'e1', correlationId: 'c1' });
    advanceRemediation(r, { ...alert, trigger: 'event', alertId: 'e1' }, T0);
    stepSucceeded(r);
    const done = advanceRemediation(r, { ...alert, trigger: 'event', alertId: 'e1' }, T0);
    expect(types(done)).toEqual([HealingEvents.completed]);
    expect(done[0]?.events[0]?.metadata).toMatchObject({ correlationId: 'c1' });
    expect(r.status).toBe('completed');
  });
});
