import type {
  AggregationGroupState,
  AggregationState,
  GroupedAlert,
  GroupFlush,
} from './aggregation-types.js';
import { AlertStateError } from './dispatch-errors.js';
import { type DueEntry, DueHeap } from './due-heap.js';
import { evaluateGroup, type Group, nextEvaluationAt } from './group-evaluation.js';
import { groupKeyOf, groupLabelsOf } from './group-key.js';
import type { MatchedRoute } from './route-tree.js';

export type {
  AggregationGroupState,
  AggregationState,
  GroupedAlert,
  GroupFlush,
} from './aggregation-types.js';

const notMuted = () => false;

/**
 * Alertmanager's aggregation groups as a pure state machine: alerts of one route with the same
 * group-by labels are notified together, first after groupWait, then on each groupInterval tick
 * when something changed, and again every repeatInterval while they fire. The runtime feeds it
 * alerts, asks what is due, records the notifications durably, then marks them flushed.
 */
export class AggregationGroups {
  private readonly groups = new Map<string, Group>();
  private readonly groupsOfAlert = new Map<string, Set<string>>();
  private readonly schedule = new DueHeap();

  /** A new alert on a route, or an alert whose status changed (the group picks it up at its next tick). */
  upsert(alert: GroupedAlert, route: MatchedRoute, nowMs: number): void {
    const groupLabels = groupLabelsOf(route, alert.labels);
    const groupKey = groupKeyOf(route.routeKey, groupLabels);
    let group = this.groups.get(groupKey);
    if (group === undefined) {
      // A resolved alert the group no longer (or never) knew about has nobody to tell.
      if (alert.status === 'resolved') return;
      group = {
        groupKey,
        routeKey: route.routeKey,
        receivers: [...route.receivers],
        groupLabels,
        groupWaitMs: route.groupWaitMs,
        groupIntervalMs: route.groupIntervalMs,
        repeatIntervalMs: route.repeatIntervalMs,
        createdAt: nowMs,
        nextAt: nowMs + route.groupWaitMs,
        lastSentAt: null,
        notifiedFiring: new Set(),
        alerts: new Map(),
      };
      this.groups.set(groupKey, group);
      this.reschedule(group);
    } else {
      // The route may have been edited since the group began: its latest receivers and timings apply.
      group.receivers = [...route.receivers];
      group.groupWaitMs = route.groupWaitMs;
      group.groupIntervalMs = route.groupIntervalMs;
      group.repeatIntervalMs = route.repeatIntervalMs;
    }
    const known = group.alerts.get(alert.alertId);
    if (known?.status === alert.status) return;
    if (known === undefined && alert.status === 'resolved') return;
    group.alerts.set(alert.alertId, { ...alert, labels: { ...alert.labels } });
    this.indexAlert(alert.alertId, groupKey);
  }

  /** Forgets an alert in every group, without telling anyone (it never fired, or its rule is gone). */
  remove(alertId: string): void {
    const keys = this.groupsOfAlert.get(alertId);
    if (keys === undefined) return;
    this.groupsOfAlert.delete(alertId);
    for (const key of keys) {
      const group = this.groups.get(key);
      if (group === undefined) continue;
      group.alerts.delete(alertId);
      group.notifiedFiring.delete(alertId);
      if (group.alerts.size === 0) this.groups.delete(key);
    }
  }

  /**
   * The flushes due at `nowMs`, by due time then group key. A returned flush stays due (the same
   * one comes back) until markFlushed; a group with nothing to say just moves to its next tick.
   */
  due(nowMs: number, isMuted: (alertId: string) => boolean = notMuted): GroupFlush[] {
    const flushes: GroupFlush[] = [];
    const stillDue: DueEntry[] = [];
    const seen = new Set<string>();
    for (
      let entry = this.schedule.peek();
      entry !== undefined && entry.at <= nowMs;
      entry = this.schedule.peek()
    ) {
      this.schedule.pop();
      const group = this.groups.get(entry.key);
      if (group === undefined || group.nextAt !== entry.at || seen.has(entry.key)) continue;
      const evaluation = evaluateGroup(group, isMuted);
      if (evaluation.kind === 'flush') {
        seen.add(entry.key);
        flushes.push(evaluation.flush);
        stillDue.push(entry);
        continue;
      }
      for (const alertId of evaluation.untold) this.dropAlert(group, alertId);
      if (group.alerts.size === 0) {
        this.groups.delete(group.groupKey);
        continue;
      }
      // Possibly still due (a missed repeat): then it is evaluated again in this loop.
      group.nextAt = nextEvaluationAt(group, group.nextAt, nowMs);
      this.reschedule(group);
    }
    for (const entry of stillDue) this.schedule.push(entry);
    return flushes.sort((a, b) => a.at - b.at || (a.groupKey < b.groupKey ? -1 : 1));
  }

  /** Records that a flush returned by `due` was sent (recorded durably); a second mark is ignored. */
  markFlushed(flush: GroupFlush, nowMs: number): void {
    const group = this.groups.get(flush.groupKey);
    if (group === undefined || group.nextAt !== flush.at) return;
    group.notifiedFiring = new Set(flush.alerts.filter((a) => a.status === 'firing').map((a) => a.alertId));
    group.lastSentAt = flush.at;
    // Resolved alerts were told now, or never will be (muted, or never announced as firing).
    for (const alert of [...group.alerts.values()]) {
      if (alert.status === 'resolved' && !group.notifiedFiring.has(alert.alertId)) {
        this.dropAlert(group, alert.alertId);
      }
    }
    if (group.alerts.size === 0) {
      this.groups.delete(group.groupKey);
      return;
    }
    group.nextAt = nextEvaluationAt(group, flush.at, nowMs);
    this.reschedule(group);
  }

  /** When the earliest group is due (possibly in the past, while a flush awaits markFlushed). */
  nextDueAt(): number | undefined {
    for (let entry = this.schedule.peek(); entry !== undefined; entry = this.schedule.peek()) {
      const group = this.groups.get(entry.key);
      if (group !== undefined && group.nextAt === entry.at) return entry.at;
      this.schedule.pop();
    }
    return undefined;
  }

  /** Number of groups. */
  size(): number {
    return this.groups.size;
  }

  /** Everything as plain JSON, sorted, so that importState gives back exactly this. */
  exportState(): AggregationState {
    const keys = [...this.groups.keys()].sort();
    return {
      version: 1,
      groups: keys.map((key) => {
        const group = this.groups.get(key)!;
        return {
          groupKey: group.groupKey,
          routeKey: group.routeKey,
          receivers: [...group.receivers],
          groupLabels: { ...group.groupLabels },
          groupWaitMs: group.groupWaitMs,
          groupIntervalMs: group.groupIntervalMs,
          repeatIntervalMs: group.repeatIntervalMs,
          createdAt: group.createdAt,
          nextAt: group.nextAt,
          lastSentAt: group.lastSentAt,
          notifiedFiring: [...group.notifiedFiring].sort(),
          alerts: [...group.alerts.values()]
            .sort((a, b) => (a.alertId < b.alertId ? -1 : 1))
            .map((alert) => ({ ...alert, labels: { ...alert.labels } })),
        };
      }),
    };
  }

  /** Replaces everything with exported state (after a restart). */
  importState(state: AggregationState): void {
    if (state?.version !== 1 || !Array.isArray(state.groups)) {
      throw new AlertStateError('aggregation group', `expected version 1, got ${String(state?.version)}`);
    }
    this.groups.clear();
    this.groupsOfAlert.clear();
    for (const saved of state.groups) {
      const group = groupOf(saved);
      this.groups.set(group.groupKey, group);
      for (const alertId of group.alerts.keys()) this.indexAlert(alertId, group.groupKey);
    }
    this.schedule.reset(
      [...this.groups.values()].map((group) => ({ at: group.nextAt, key: group.groupKey })),
    );
  }

  private reschedule(group: Group): void {
    this.schedule.push({ at: group.nextAt, key: group.groupKey });
    // Entries of rescheduled or deleted groups linger until popped; shed them when they pile up.
    if (this.schedule.size > 2 * this.groups.size + 1024) {
      this.schedule.reset([...this.groups.values()].map((g) => ({ at: g.nextAt, key: g.groupKey })));
    }
  }

  private dropAlert(group: Group, alertId: string): void {
    group.alerts.delete(alertId);
    group.notifiedFiring.delete(alertId);
    const keys = this.groupsOfAlert.get(alertId);
    keys?.delete(group.groupKey);
    if (keys?.size === 0) this.groupsOfAlert.delete(alertId);
  }

  private indexAlert(alertId: string, groupKey: string): void {
    let keys = this.groupsOfAlert.get(alertId);
    if (keys === undefined) {
      keys = new Set();
      this.groupsOfAlert.set(alertId, keys);
    }
    keys.add(groupKey);
  }
}

function groupOf(saved: AggregationGroupState): Group {
  return {
    groupKey: saved.groupKey,
    routeKey: saved.routeKey,
    receivers: [...saved.receivers],
    groupLabels: { ...saved.groupLabels },
    groupWaitMs: saved.groupWaitMs,
    groupIntervalMs: saved.groupIntervalMs,
    repeatIntervalMs: saved.repeatIntervalMs,
    createdAt: saved.createdAt,
    nextAt: saved.nextAt,
    lastSentAt: saved.lastSentAt,
    notifiedFiring: new Set(saved.notifiedFiring),
    alerts: new Map(saved.alerts.map((alert) => [alert.alertId, { ...alert, labels: { ...alert.labels } }])),
  };
}
