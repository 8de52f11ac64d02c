import { describe, expect, it } from 'vitest';
import type { AlertTimelineEntry, ChainEvent } from './healing-types.js';
import { actionSummary, buildTimeline } from './incident-timeline.js';

const ALERT = 'd52d982c-3c15-88e8-a38e-85c34aa755b1';
const at = (ms: number) => new Date(Date.UTC(2026, 10, 22, 11, 36, 0) + ms).toISOString();

/** The alert's own timeline as the demo's db outage recorded it. */
const alertTimeline: AlertTimelineEntry[] = [
  { type: 'alerts.alert_pending', at: at(0), actor: 'system:alerts', position: 128, detail: { value: 0 } },
  { type: 'alerts.alert_fired', at: at(5000), actor: 'system:alerts', position: 149, detail: {} },
  {
    type: 'alerts.notification_requested',
    at: at(5100),
    actor: 'system:alerts-notifier',
    position: 150,
    detail: { receiver: 'demo-log', reason: 'group', status: 'firing' },
  },
  {
    type: 'alerts.alert_resolved',
    at: at(5500),
    actor: 'system:alerts',
    position: 170,
    detail: { reason: 'condition_cleared', wasFiring: true },
  },
];

const healing = (type: string, ms: number, data: Record<string, unknown>): ChainEvent => ({
  type: `healing.${type}`,
  at: at(ms),
  actor: 'system:healing',
  data: { alertId: ALERT, ...data },
});

const evidence = {
  eventId: '01a2030a-b784-76e0-8ae1-22ec334146b8',
  type: 'monitor.check_completed',
  streamId: 'monitor-results-1',
  position: 148,
  summary: 'db: monitor demo-db down (connection closed by the server)',
};

/** Its remediation's stream: diagnosed, planned, one action, healed. */
const chain: ChainEvent[] = [
  healing('alert_diagnosed', 5100, {
    causes: [
      { kind: 'network', subject: 'network', confidence: 0.1, explanation: 'unlikely', evidence: [] },
      {
        kind: 'the_service_itself',
        subject: 'db',
        confidence: 0.25,
        explanation: '4 of the last 10 checks of db failed',
        evidence: [evidence],
      },
    ],
  }),
  healing('remediation_planned', 5100, {
    runbookId: 'rb-1',
    runbookName: 'demo-heal-db',
    steps: ['switch-faults-off'],
    dryRun: false,
  }),
  healing('action_requested', 5100, {
    actionId: 'a-1',
    step: 'switch-faults-off',
    action: { kind: 'simulator_fault_off', url: 'http://127.0.0.1:38479' },
    dryRun: false,
  }),
  healing('action_started', 5150, {
    actionId: 'a-1',
    step: 'switch-faults-off',
    kind: 'simulator_fault_off',
  }),
  healing('action_succeeded', 5175, {
    actionId: 'a-1',
    step: 'switch-faults-off',
    attempts: 1,
    detail: 'HTTP 200: {"available":true}',
  }),
  healing('remediation_healed', 5520, { healedInMs: 420 }),
];

describe('buildTimeline', () => {
  it('merges the alert and its remediation in time order, the alert first at the same moment', () => {
    const items = buildTimeline(alertTimeline, chain);
    expect(items.map((i) => [i.phase, i.title])).toEqual([
      ['alert', 'Alert pending (condition holds)'],
      ['alert', 'Alert fired'],
      ['notification', 'Notification to demo-log (group)'],
      ['diagnosis', 'Diagnosed: probably the service itself (db), 25% sure'],
      ['plan', 'Planned runbook demo-heal-db: 1 step'],
      ['action', 'Step switch-faults-off (simulator_fault_off) succeeded'],
      ['verification', 'Alert resolved (condition cleared): verified'],
      ['resolution', 'Healed in 420 ms'],
    ]);
    expect(items.map((i) => i.tone)).toEqual([
      'warn',
      'bad',
      'neutral',
      'neutral',
      'neutral',
      'good',
      'good',
      'good',
    ]);
  });

  it('says how long after the start and after the entry before each entry came', () => {
    const items = buildTimeline(alertTimeline, chain);
    expect(items.map((i) => i.sinceStartMs)).toEqual([0, 5000, 5100, 5100, 5100, 5100, 5500, 5520]);
    expect(items.map((i) => i.sincePreviousMs)).toEqual([null, 5000, 100, 0, 0, 0, 400, 20]);
  });

  it('ranks causes by confidence and keeps their evidence', () => {
    const diagnosis = buildTimeline([], chain).find((i) => i.phase === 'diagnosis');
    expect(diagnosis?.detail.kind).toBe('diagnosis');
    if (diagnosis?.detail.kind !== 'diagnosis') return;
    expect(diagnosis.detail.causes.map((c) => c.subject)).toEqual(['db', 'network']);
    expect(diagnosis.detail.causes[0]?.evidence).toEqual([evidence]);
  });

  it('makes one entry of an action, from its request to its outcome, with its output and attempts', () => {
    const action = buildTimeline([], chain).find((i) => i.phase === 'action');
    expect(action?.detail).toEqual({
      kind: 'action',
      action: {
        actionId: 'a-1',
        step: 'switch-faults-off',
        kind: 'simulator_fault_off',
        summary: 'POST http://127.0.0.1:38479/chaos/reset',
        dryRun: false,
        state: 'succeeded',
        requestedAt: at(5100),
        startedAt: at(5150),
        finishedAt: at(5175),
        attempts: 1,
        output: 'HTTP 200: {"available":true}',
      },
    });
    const running = buildTimeline([], chain.slice(0, 4)).find((i) => i.phase === 'action');
    expect([running?.title, running?.tone]).toEqual([
      'Step switch-faults-off (simulator_fault_off) running',
      'busy',
    ]);
  });

  it('shows an approval waiting, then its answer, and a verification still going on', () => {
    const approval: ChainEvent[] = [
      healing('remediation_planned', 100, { runbookId: 'rb', runbookName: 'ask-first', steps: ['ask'] }),
      healing('approval_requested', 200, { step: 'ask', approvers: ['admin'], expiresAt: at(900_200) }),
      healing('approval_granted', 60_000, { step: 'ask', by: 'user:admin', comment: 'go' }),
    ];
    const items = buildTimeline([], approval, 'verifying');
    expect(items.map((i) => [i.phase, i.title, i.tone])).toEqual([
      ['plan', 'Planned runbook ask-first: 1 step', 'neutral'],
      ['approval', 'Approval requested for step ask', 'warn'],
      ['approval', 'Step ask approved by admin', 'good'],
      ['verification', 'Verifying: waiting for the alert to resolve', 'busy'],
    ]);
    expect(items[1]?.detail).toEqual({ kind: 'approval', approvers: ['admin'], expiresAt: at(900_200) });
    expect(items[2]?.detail).toEqual({ kind: 'text', text: 'go' });
    expect(items[3]?.sincePreviousMs).toBe(0);
  });

  it('labels failures, escalations and an alert that resolved with nothing done', () => {
    const failed: ChainEvent[] = [
      healing('remediation_planned', 0, { runbookId: 'rb', runbookName: 'restart', steps: ['restart'] }),
      healing('action_requested', 10, {
        actionId: 'a',
        step: 'restart',
        action: { kind: 'http', url: 'https://ops/restart' },
      }),
      healing('action_failed', 20, { actionId: 'a', step: 'restart', attempts: 3, detail: 'HTTP 503' }),
      healing('remediation_escalated', 30, { reason: 'step "restart" ended with action_failed' }),
    ];
    const items = buildTimeline([], failed);
    expect(items.map((i) => [i.title, i.tone])).toEqual([
      ['Planned runbook restart: 1 step', 'neutral'],
      ['Step restart (http) failed', 'bad'],
      ['Escalated to people', 'bad'],
    ]);
    expect(items[2]?.detail).toEqual({ kind: 'text', text: 'step "restart" ended with action_failed' });

    const alone = buildTimeline(alertTimeline, []);
    expect(alone.map((i) => i.phase)).toEqual(['alert', 'alert', 'notification', 'alert']);
    expect(alone[3]?.title).toBe('Alert resolved (condition cleared)');
    expect(buildTimeline([], [])).toEqual([]);
  });
});

describe('actionSummary', () => {
  it('says what an action sends or runs', () => {
    expect(actionSummary('http', { url: 'https://ops/x', method: 'PUT' })).toBe('PUT https://ops/x');
    expect(actionSummary('http', { url: 'https://ops/x' })).toBe('POST https://ops/x');
    expect(actionSummary('command', { executable: '/opt/restart', args: ['--service', 'db'] })).toBe(
      '/opt/restart --service db',
    );
    expect(actionSummary('simulator_fault_off', { url: 'http://127.0.0.1:1/' })).toBe(
      'POST http://127.0.0.1:1/chaos/reset',
    );
  });
});
