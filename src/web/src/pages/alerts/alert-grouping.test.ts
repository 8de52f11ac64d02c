import { describe, expect, it } from 'vitest';
import { countBySeverity, inhibitionLinks, sortBySeverity, splitActive } from './alert-grouping.js';
import type { AlertView } from './alert-types.js';

function alert(id: string, fields: Partial<AlertView> = {}): AlertView {
  return {
    alertId: id,
    ruleId: 'r',
    ruleName: 'rule',
    fingerprint: id,
    labels: {},
    annotations: {},
    severity: 'warning',
    service: 'api',
    state: 'firing',
    activeSince: '2026-01-01T10:00:00.000Z',
    firedAt: null,
    resolvedAt: null,
    value: null,
    acknowledged: null,
    silencedBy: [],
    inhibitedBy: [],
    flapping: false,
    ...fields,
  };
}

describe('sortBySeverity', () => {
  it('lists critical before error, warning and info, the newest first within a severity', () => {
    const sorted = sortBySeverity([
      alert('info', { severity: 'info', activeSince: '2026-01-01T12:00:00Z' }),
      alert('old-critical', { severity: 'critical', activeSince: '2026-01-01T09:00:00Z' }),
      alert('warning', { severity: 'warning' }),
      alert('new-critical', { severity: 'critical', activeSince: '2026-01-01T11:00:00Z' }),
      alert('error', { severity: 'error' }),
    ]);
    expect(sorted.map((a) => a.alertId)).toEqual([
      'new-critical',
      'old-critical',
      'error',
      'warning',
      'info',
    ]);
  });

  it('leaves the given list as it was', () => {
    const given = [alert('a', { severity: 'info' }), alert('b', { severity: 'critical' })];
    sortBySeverity(given);
    expect(given.map((a) => a.alertId)).toEqual(['a', 'b']);
  });
});

describe('countBySeverity', () => {
  it('counts each severity present, most severe first', () => {
    const counts = countBySeverity([
      alert('a', { severity: 'info' }),
      alert('b', { severity: 'critical' }),
      alert('c', { severity: 'info' }),
    ]);
    expect(counts).toEqual([
      { severity: 'critical', count: 1 },
      { severity: 'info', count: 2 },
    ]);
  });
});

describe('splitActive', () => {
  it('puts silenced and inhibited alerts in their own lists, keeping them among all, and drops resolved ones', () => {
    const split = splitActive([
      alert('plain'),
      alert('silenced', { silencedBy: ['s1'] }),
      alert('inhibited', {
        severity: 'critical',
        inhibitedBy: [{ kind: 'dependency', service: 'api', dependency: 'db' }],
      }),
      alert('resolved', { state: 'resolved' }),
    ]);
    expect(split.all.map((a) => a.alertId)).toEqual(['inhibited', 'plain', 'silenced']);
    expect(split.silenced.map((a) => a.alertId)).toEqual(['silenced']);
    expect(split.inhibited.map((a) => a.alertId)).toEqual(['inhibited']);
  });
});

describe('inhibitionLinks', () => {
  const cause = alert('cause-id-1234', { ruleName: 'db-down', service: 'db' });
  const known = new Map([[cause.alertId, cause]]);

  it('links a dependency with a firing alert to that alert’s timeline', () => {
    const inhibited = alert('x', {
      inhibitedBy: [{ kind: 'dependency', service: 'api', dependency: 'db', causeAlertId: cause.alertId }],
    });
    expect(inhibitionLinks(inhibited, known)).toEqual([
      { text: 'db (db-down)', href: '/incidents/cause-id-1234' },
    ]);
  });

  it('links a dependency without an alert to its service page', () => {
    const inhibited = alert('x', {
      inhibitedBy: [{ kind: 'dependency', service: 'api', dependency: 'my db' }],
    });
    expect(inhibitionLinks(inhibited, known)).toEqual([{ text: 'my db', href: '/services/my%20db' }]);
  });

  it('names a rule’s source alert by its rule and service, or by its id when it is not listed', () => {
    const inhibited = alert('x', {
      inhibitedBy: [
        { kind: 'rule', inhibitRuleId: 'r1', causeAlertId: cause.alertId },
        { kind: 'rule', inhibitRuleId: 'r2', causeAlertId: 'abcdef0123456789' },
      ],
    });
    expect(inhibitionLinks(inhibited, known)).toEqual([
      { text: 'db-down on db', href: '/incidents/cause-id-1234' },
      { text: 'alert abcdef01', href: '/incidents/abcdef0123456789' },
    ]);
  });
});
