import { describe, expect, it } from 'vitest';
import type { AlertView, RemediationView } from './healing-types.js';
import {
  remediationsReachBack,
  rowsFromAlerts,
  rowsFromRemediations,
  stepAwaitingApproval,
  waitingForApproval,
} from './incident-rows.js';

const alert = (id: string, overrides: Partial<AlertView> = {}): AlertView => ({
  alertId: id,
  ruleName: 'demo-service-down',
  severity: 'critical',
  service: 'db',
  labels: {},
  annotations: {},
  state: 'resolved',
  activeSince: '2026-11-22T11:00:00.000Z',
  firedAt: '2026-11-22T11:00:05.000Z',
  resolvedAt: null,
  acknowledged: null,
  ...overrides,
});

const remediation = (id: string, overrides: Partial<RemediationView> = {}): RemediationView => ({
  alertId: id,
  ruleName: 'demo-service-down',
  runbookId: 'rb',
  runbookName: 'demo-heal-db',
  target: 'db',
  status: 'healed',
  dryRun: false,
  steps: [{ name: 'switch-faults-off', state: 'succeeded' }],
  startedAt: '2026-11-22T11:00:06.000Z',
  endedAt: '2026-11-22T11:00:07.000Z',
  healedInMs: 900,
  lastReason: null,
  ...overrides,
});

describe('rowsFromAlerts', () => {
  it('gives each alert that fired its remediation, or none', () => {
    const rows = rowsFromAlerts(
      [alert('a1'), alert('a2', { state: 'firing', service: 'api' }), alert('a3', { firedAt: null })],
      [remediation('a1'), remediation('elsewhere')],
    );
    expect(rows.map((r) => [r.alertId, r.target, r.alertState, r.remediation?.status ?? null])).toEqual([
      ['a1', 'db', 'resolved', 'healed'],
      ['a2', 'api', 'firing', null],
    ]);
    expect(rows[0]?.startedAt).toBe('2026-11-22T11:00:05.000Z');
  });
});

describe('rowsFromRemediations', () => {
  it('lists remediations when the list is filtered by their status', () => {
    const rows = rowsFromRemediations([remediation('a1', { target: null })]);
    expect(rows).toEqual([
      {
        alertId: 'a1',
        ruleName: 'demo-service-down',
        target: '',
        severity: null,
        startedAt: '2026-11-22T11:00:06.000Z',
        alertState: null,
        remediation: remediation('a1', { target: null }),
      },
    ]);
  });
});

describe('remediationsReachBack', () => {
  it('is done once the oldest remediation read started before the oldest alert, or none are left', () => {
    const read = [remediation('a', { startedAt: '2026-11-22T12:00:00.000Z' })];
    expect(remediationsReachBack(read, 'more', '2026-11-22T11:00:00.000Z')).toBe(false);
    expect(remediationsReachBack(read, 'more', '2026-11-22T12:30:00.000Z')).toBe(true);
    expect(remediationsReachBack(read, null, '2026-11-22T11:00:00.000Z')).toBe(true);
    expect(remediationsReachBack([], 'more', undefined)).toBe(true);
  });
});

describe('approvals', () => {
  it('lists the remediations waiting, the longest waiting first, with the step they wait on', () => {
    const waiting = waitingForApproval([
      remediation('late', { status: 'awaiting_approval', startedAt: '2026-11-22T12:00:00.000Z' }),
      remediation('done'),
      remediation('early', {
        status: 'awaiting_approval',
        startedAt: '2026-11-22T11:00:00.000Z',
        steps: [
          { name: 'ask', state: 'awaiting_approval' },
          { name: 'restart', state: 'pending' },
        ],
      }),
    ]);
    expect(waiting.map((r) => r.alertId)).toEqual(['early', 'late']);
    expect(stepAwaitingApproval(waiting[0]!)).toBe('ask');
    expect(stepAwaitingApproval(remediation('done'))).toBeUndefined();
  });
});
