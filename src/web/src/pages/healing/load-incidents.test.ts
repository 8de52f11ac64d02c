import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api.js';
import type { AlertList, RemediationList } from './healing-types.js';
import { ALL_INCIDENTS } from './incidents-query.js';
import { type Get, loadIncidents } from './load-incidents.js';

const alertAt = (id: string, minute: number) => ({
  alertId: id,
  ruleName: 'r',
  severity: 'critical' as const,
  service: 'db',
  labels: {},
  annotations: {},
  state: 'resolved' as const,
  activeSince: `2026-11-22T11:${String(minute).padStart(2, '0')}:00.000Z`,
  firedAt: `2026-11-22T11:${String(minute).padStart(2, '0')}:05.000Z`,
  resolvedAt: null,
  acknowledged: null,
});

const remediationAt = (id: string, minute: number) => ({
  alertId: id,
  ruleName: 'r',
  runbookId: 'rb',
  runbookName: 'heal',
  target: 'db',
  status: 'healed' as const,
  dryRun: false,
  steps: [],
  startedAt: `2026-11-22T11:${String(minute).padStart(2, '0')}:06.000Z`,
  endedAt: null,
  healedInMs: 1000,
  lastReason: null,
});

/** Answers by path, recording what was asked. */
function fakeApi(answers: Record<string, unknown>): { get: Get; asked: string[] } {
  const asked: string[] = [];
  const get = (async (path: string) => {
    asked.push(path);
    const answer = answers[path];
    if (answer instanceof Error) throw answer;
    if (answer === undefined) throw new Error(`unexpected ${path}`);
    return answer;
  }) as Get;
  return { get, asked };
}

describe('loadIncidents', () => {
  it('joins alert pages with the remediations read back to the oldest alert', async () => {
    const alerts1: AlertList = { alerts: [alertAt('a3', 30), alertAt('a2', 20)], next: 'c1' };
    const alerts2: AlertList = { alerts: [alertAt('a1', 10)], next: null };
    const rem1: RemediationList = {
      remediations: [remediationAt('a3', 30), remediationAt('a2', 20)],
      next: 'r1',
    };
    const rem2: RemediationList = {
      remediations: [remediationAt('a1', 10), remediationAt('older', 5)],
      next: 'r2',
    };
    const { get, asked } = fakeApi({
      '/api/alerts?state=all&limit=50': alerts1,
      '/api/alerts?state=all&limit=50&cursor=c1': alerts2,
      '/api/remediations?limit=200': rem1,
      '/api/remediations?limit=200&cursor=r1': rem2,
    });
    const loaded = await loadIncidents(get, ALL_INCIDENTS, 2);
    expect(loaded.rows.map((r) => [r.alertId, r.remediation?.status])).toEqual([
      ['a3', 'healed'],
      ['a2', 'healed'],
      ['a1', 'healed'],
    ]);
    expect(loaded.more).toBe(false);
    expect(loaded.historyError).toBeNull();
    // The second remediation page went back far enough: no third one was asked for.
    expect(asked).toHaveLength(4);
  });

  it('lists remediations by status, and lists alerts alone when the history cannot be read', async () => {
    const byStatus = fakeApi({
      '/api/remediations?status=healed&limit=50': { remediations: [remediationAt('a1', 10)], next: 'more' },
    });
    const healed = await loadIncidents(byStatus.get, { ...ALL_INCIDENTS, status: 'healed' }, 1);
    expect([healed.rows.map((r) => r.alertId), healed.more]).toEqual([['a1'], true]);

    const unavailable = new ApiError(503, 'UNAVAILABLE', 'Remediation history is not available');
    const noHistory = fakeApi({
      '/api/alerts?state=all&limit=50': { alerts: [alertAt('a1', 10)], next: null },
      '/api/remediations?limit=200': unavailable,
    });
    const alone = await loadIncidents(noHistory.get, ALL_INCIDENTS, 1);
    expect(alone.rows.map((r) => [r.alertId, r.remediation])).toEqual([['a1', null]]);
    expect(alone.historyError).toBe(unavailable);
  });
});
