import { describe, expect, it } from 'vitest';
import { AggregationGroups } from './aggregation-groups.js';
import type { GroupedAlert, GroupFlush } from './aggregation-types.js';
import { AlertStateError } from './dispatch-errors.js';
import type { MatchedRoute } from './route-tree.js';

const T0 = Date.UTC(2026, 0, 1);
const S = 1000;
const M = 60 * S;
const H = 60 * M;

const DB_ROUTE: MatchedRoute = {
  routeKey: 'database-team',
  receivers: ['db-pager'],
  groupBy: ['alertname', 'service'],
  groupWaitMs: 30 * S,
  groupIntervalMs: 5 * M,
  repeatIntervalMs: 4 * H,
};

function alert(
  alertId: string,
  status: GroupedAlert['status'] = 'firing',
  labels: Record<string, string> = {},
) {
  return { alertId, status, labels: { alertname: 'DiskFull', service: 'db', ...labels }, changedAt: T0 };
}

/** What the runtime does: take what is due, record it, mark it. */
function flushAll(groups: AggregationGroups, nowMs: number, isMuted?: (id: string) => boolean): GroupFlush[] {
  const flushes = groups.due(nowMs, isMuted);
  for (const flush of flushes) groups.markFlushed(flush, nowMs);
  return flushes;
}

function idsOf(flush: GroupFlush | undefined): string[] {
  return (flush?.alerts ?? []).map((a) => `${a.alertId}:${a.status}`);
}

describe('AggregationGroups timing', () => {
  it('sends a new group after groupWait, keyed by route and group labels', () => {
    const groups = new AggregationGroups();
    groups.upsert(alert('a'), DB_ROUTE, T0);
    groups.upsert(alert('b'), DB_ROUTE, T0 + 10 * S);
    expect(groups.nextDueAt()).toBe(T0 + 30 * S);
    expect(groups.due(T0 + 30 * S - 1)).toEqual([]);
    const [flush] = groups.due(T0 + 30 * S);
    expect(flush).toMatchObject({
      groupKey: 'database-team{alertname="DiskFull",service="db"}',
      routeKey: 'database-team',
      receivers: ['db-pager'],
      groupLabels: { alertname: 'DiskFull', service: 'db' },
      reason: 'group',
      at: T0 + 30 * S,
    });
    expect(idsOf(flush)).toEqual(['a:firing', 'b:firing']);
  });

  it('returns the same flush until it is marked, then moves on', () => {
    const groups = new AggregationGroups();
    groups.upsert(alert('a'), DB_ROUTE, T0);
    const first = groups.due(T0 + 30 * S);
    expect(groups.due(T0 + 31 * S)).toEqual(first);
    expect(groups.nextDueAt()).toBe(T0 + 30 * S);
    groups.markFlushed(first[0]!, T0 + 31 * S);
    groups.markFlushed(first[0]!, T0 + 32 * S); // a second mark changes nothing
    expect(groups.due(T0 + 31 * S)).toEqual([]);
    expect(groups.nextDueAt()).toBe(T0 + 30 * S + 5 * M);
  });

  it('sends a change at the next groupInterval tick, not before', () => {
    const groups = new AggregationGroups();
    groups.upsert(alert('a'), DB_ROUTE, T0);
    flushAll(groups, T0 + 30 * S);
    groups.upsert(alert('b'), DB_ROUTE, T0 + 1 * M);
    expect(groups.due(T0 + 30 * S + 5 * M - 1)).toEqual([]);
    const [flush] = flushAll(groups, T0 + 30 * S + 5 * M);
    expect(flush).toMatchObject({ reason: 'group', at: T0 + 30 * S + 5 * M });
    expect(idsOf(flush)).toEqual(['a:firing', 'b:firing']);
  });

  it('repeats an unchanged firing group every repeatInterval and says nothing in between', () => {
    const groups = new AggregationGroups();
    groups.upsert(alert('a'), DB_ROUTE, T0);
    const sent: GroupFlush[] = [];
    for (let now = T0; now <= T0 + 9 * H; now += 10 * S) sent.push(...flushAll(groups, now));
    expect(sent.map((f) => [f.reason, f.at - T0])).toEqual([
      ['group', 30 * S],
      ['repeat', 30 * S + 4 * H],
      ['repeat', 30 * S + 8 * H],
    ]);
  });

  it('after missed ticks (nobody called due) sends the repeat at once, dated when it was due', () => {
    const groups = new AggregationGroups();
    groups.upsert(alert('a'), DB_ROUTE, T0);
    flushAll(groups, T0 + 30 * S);
    const [late] = groups.due(T0 + 6 * H);
    expect(late).toMatchObject({ reason: 'repeat', at: T0 + 30 * S + 4 * H });
    groups.markFlushed(late!, T0 + 6 * H);
    expect(groups.nextDueAt()).toBeGreaterThan(T0 + 6 * H);
  });

  it('a repeat comes exactly at repeatInterval even when it is not a multiple of groupInterval', () => {
    const groups = new AggregationGroups();
    const route = { ...DB_ROUTE, groupIntervalMs: 7 * M, repeatIntervalMs: 30 * M };
    groups.upsert(alert('a'), route, T0);
    flushAll(groups, T0 + 30 * S);
    const sent: GroupFlush[] = [];
    for (let now = T0 + 31 * S; now <= T0 + 62 * M; now += S) sent.push(...flushAll(groups, now));
    expect(sent.map((f) => [f.reason, f.at - T0])).toEqual([
      ['repeat', 30 * S + 30 * M],
      ['repeat', 30 * S + 60 * M],
    ]);
  });
});

describe('AggregationGroups resolved and muted alerts', () => {
  it('announces a resolved alert once, then drops it; an empty group disappears', () => {
    const groups = new AggregationGroups();
    groups.upsert(alert('a'), DB_ROUTE, T0);
    groups.upsert(alert('b'), DB_ROUTE, T0);
    flushAll(groups, T0 + 30 * S);
    groups.upsert({ ...alert('a', 'resolved'), changedAt: T0 + 2 * M }, DB_ROUTE, T0 + 2 * M);
    const [change] = flushAll(groups, T0 + 30 * S + 5 * M);
    expect(idsOf(change)).toEqual(['b:firing', 'a:resolved']);
    const [repeat] = flushAll(groups, T0 + 30 * S + 5 * M + 4 * H);
    expect(idsOf(repeat)).toEqual(['b:firing']);
    groups.upsert(alert('b', 'resolved'), DB_ROUTE, T0 + 5 * H);
    const [last] = flushAll(groups, T0 + 30 * S + 5 * M + 5 * H);
    expect(idsOf(last)).toEqual(['b:resolved']);
    expect(groups.size()).toBe(0);
    expect(groups.nextDueAt()).toBeUndefined();
  });

  it('does not announce an alert that fired and resolved within groupWait', () => {
    const groups = new AggregationGroups();
    groups.upsert(alert('a'), DB_ROUTE, T0);
    groups.upsert(alert('a', 'resolved'), DB_ROUTE, T0 + 10 * S);
    expect(groups.due(T0 + 30 * S)).toEqual([]);
    expect(groups.size()).toBe(0);
  });

  it('leaves muted alerts out of a flush', () => {
    const groups = new AggregationGroups();
    groups.upsert(alert('a'), DB_ROUTE, T0);
    groups.upsert(alert('b'), DB_ROUTE, T0);
    const [flush] = flushAll(groups, T0 + 30 * S, (id) => id === 'a');
    expect(idsOf(flush)).toEqual(['b:firing']);
  });

  it('skips a flush with only muted alerts, moves its timer on, and sends once unmuted', () => {
    const groups = new AggregationGroups();
    groups.upsert(alert('a'), DB_ROUTE, T0);
    expect(flushAll(groups, T0 + 30 * S, () => true)).toEqual([]);
    expect(groups.nextDueAt()).toBe(T0 + 30 * S + 5 * M);
    const [flush] = flushAll(groups, T0 + 30 * S + 5 * M, () => false);
    expect(flush).toMatchObject({ reason: 'group', at: T0 + 30 * S + 5 * M });
    expect(idsOf(flush)).toEqual(['a:firing']);
  });

  it('does not announce as resolved an alert whose firing was never sent because it was muted', () => {
    const groups = new AggregationGroups();
    groups.upsert(alert('a'), DB_ROUTE, T0);
    groups.upsert(alert('b'), DB_ROUTE, T0);
    flushAll(groups, T0 + 30 * S, (id) => id === 'a');
    groups.upsert(alert('a', 'resolved'), DB_ROUTE, T0 + M);
    // The silence may have ended by now: still, nobody was told "a" fired.
    expect(flushAll(groups, T0 + 30 * S + 5 * M, () => false)).toEqual([]);
    expect(groups.exportState().groups[0]!.alerts.map((a) => a.alertId)).toEqual(['b']);
  });

  it('does not resend a group because one of its notified alerts became muted', () => {
    const groups = new AggregationGroups();
    groups.upsert(alert('a'), DB_ROUTE, T0);
    groups.upsert(alert('b'), DB_ROUTE, T0);
    flushAll(groups, T0 + 30 * S);
    expect(flushAll(groups, T0 + 30 * S + 5 * M, (id) => id === 'a')).toEqual([]);
  });
});

describe('AggregationGroups grouping', () => {
  it('puts 10 alerts into 2 groups by service and sends each group once', () => {
    const groups = new AggregationGroups();
    for (let i = 0; i < 10; i++) {
      groups.upsert(
        alert(`alert-${i}`, 'firing', { service: i % 2 === 0 ? 'db' : 'cache', instance: `i${i}` }),
        DB_ROUTE,
        T0,
      );
    }
    expect(groups.size()).toBe(2);
    const flushes = flushAll(groups, T0 + 30 * S);
    expect(flushes.map((f) => [f.groupLabels.service, f.alerts.length])).toEqual([
      ['cache', 5],
      ['db', 5],
    ]);
    expect(flushes.every((f) => f.alerts.every((a) => a.labels.service === f.groupLabels.service))).toBe(
      true,
    );
  });

  it('keeps one group per route for an alert several routes take (continue), and removes it from all', () => {
    const groups = new AggregationGroups();
    const audit: MatchedRoute = { ...DB_ROUTE, routeKey: 'audit', receivers: ['audit-log'] };
    groups.upsert(alert('a'), DB_ROUTE, T0);
    groups.upsert(alert('a'), audit, T0);
    expect(groups.due(T0 + 30 * S).map((f) => [f.routeKey, f.receivers])).toEqual([
      ['audit', ['audit-log']],
      ['database-team', ['db-pager']],
    ]);
    groups.remove('a');
    expect(groups.size()).toBe(0);
    expect(groups.due(T0 + 30 * S)).toEqual([]);
  });

  it('gives every alert its own group with groupBy all', () => {
    const groups = new AggregationGroups();
    const route: MatchedRoute = { ...DB_ROUTE, groupBy: 'all' };
    groups.upsert(alert('a', 'firing', { instance: '1' }), route, T0);
    groups.upsert(alert('b', 'firing', { instance: '2' }), route, T0);
    expect(groups.due(T0 + 30 * S).map((f) => f.groupKey)).toEqual([
      'database-team{alertname="DiskFull",instance="1",service="db"}',
      'database-team{alertname="DiskFull",instance="2",service="db"}',
    ]);
  });
});

describe('AggregationGroups state', () => {
  it('gives the same next flush after exportState and importState into a new instance', () => {
    const before = new AggregationGroups();
    before.upsert(alert('a'), DB_ROUTE, T0);
    before.upsert(alert('b', 'firing', { service: 'cache' }), DB_ROUTE, T0 + S);
    flushAll(before, T0 + 31 * S);
    before.upsert(alert('a', 'resolved'), DB_ROUTE, T0 + M);
    before.upsert(alert('c'), DB_ROUTE, T0 + 2 * M);

    const saved = JSON.parse(JSON.stringify(before.exportState()));
    const after = new AggregationGroups();
    after.importState(saved);
    expect(after.exportState()).toEqual(before.exportState());
    expect(after.nextDueAt()).toBe(before.nextDueAt());
    const later = T0 + 6 * M;
    expect(after.due(later)).toEqual(before.due(later));
    expect(idsOf(after.due(later)[0])).toEqual(['c:firing', 'a:resolved']);
  });

  it('refuses state it cannot read', () => {
    const groups = new AggregationGroups();
    expect(() => groups.importState({ version: 2, groups: [] } as never)).toThrow(AlertStateError);
  });

  it('keeps 10,000 alerts in 1,000 groups and has nothing due between their timers', () => {
    const groups = new AggregationGroups();
    for (let i = 0; i < 10_000; i++) {
      groups.upsert(alert(`alert-${i}`, 'firing', { service: `svc-${i % 1000}` }), DB_ROUTE, T0 + (i % 1000));
    }
    expect(groups.size()).toBe(1000);
    expect(flushAll(groups, T0 + 31 * S)).toHaveLength(1000);
    for (let i = 0; i < 20; i++) expect(groups.due(T0 + 32 * S + i)).toEqual([]);
    expect(flushAll(groups, T0 + 31 * S + 5 * M)).toEqual([]);
    expect(flushAll(groups, T0 + 31 * S + 4 * H)).toHaveLength(1000);
  });
});
