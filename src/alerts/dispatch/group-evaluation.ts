import type { GroupedAlert, GroupFlush } from './aggregation-types.js';

/** A live aggregation group (AggregationGroupState with maps and sets). */
export interface Group {
  groupKey: string;
  routeKey: string;
  receivers: string[];
  groupLabels: Record<string, string>;
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
  createdAt: number;
  nextAt: number;
  lastSentAt: number | null;
  notifiedFiring: Set<string>;
  alerts: Map<string, GroupedAlert>;
}

/** What a group has to say at its due time: a flush, or nothing (and which resolved alerts will never be told). */
export type Evaluation = { kind: 'flush'; flush: GroupFlush } | { kind: 'idle'; untold: string[] };

/**
 * Decides, without changing the group, what it says at `group.nextAt` (Alertmanager's dedup rules):
 * a firing alert the receivers were not told about, or a resolved alert they were told was firing,
 * makes a `group` flush; otherwise firing alerts are repeated once repeatInterval has passed since
 * the last notification. Muted alerts are left out entirely.
 */
export function evaluateGroup(group: Group, isMuted: (alertId: string) => boolean): Evaluation {
  const firing: GroupedAlert[] = [];
  const resolved: GroupedAlert[] = [];
  const untold: string[] = [];
  let anythingNew = false;
  for (const alert of sortedAlerts(group)) {
    const muted = isMuted(alert.alertId);
    if (alert.status === 'firing') {
      if (muted) continue;
      firing.push(alert);
      if (!group.notifiedFiring.has(alert.alertId)) anythingNew = true;
    } else if (!muted && group.notifiedFiring.has(alert.alertId)) {
      resolved.push(alert);
      anythingNew = true;
    } else {
      // Never announced as firing (muted then, or resolved within groupWait): nobody needs to hear it ended.
      untold.push(alert.alertId);
    }
  }
  if (anythingNew) return { kind: 'flush', flush: flushOf(group, [...firing, ...resolved], 'group') };
  const repeatDue = group.lastSentAt !== null && group.nextAt >= group.lastSentAt + group.repeatIntervalMs;
  if (firing.length > 0 && repeatDue) return { kind: 'flush', flush: flushOf(group, firing, 'repeat') };
  return { kind: 'idle', untold };
}

/**
 * The group's next evaluation after one at `fromAt`, handled at `nowMs`: the next groupInterval
 * tick after now (ticks missed while nobody asked are skipped), or the repeat reminder if earlier.
 */
export function nextEvaluationAt(group: Group, fromAt: number, nowMs: number): number {
  const interval = group.groupIntervalMs;
  const ticks = nowMs < fromAt ? 1 : Math.floor((nowMs - fromAt) / interval) + 1;
  let next = fromAt + ticks * interval;
  if (group.lastSentAt !== null) {
    // May lie before now when ticks were missed (the process was down): then it is due at once.
    const repeatAt = group.lastSentAt + group.repeatIntervalMs;
    if (repeatAt > fromAt && repeatAt < next) next = repeatAt;
  }
  return next;
}

function flushOf(group: Group, alerts: GroupedAlert[], reason: GroupFlush['reason']): GroupFlush {
  return {
    groupKey: group.groupKey,
    routeKey: group.routeKey,
    receivers: [...group.receivers],
    groupLabels: { ...group.groupLabels },
    alerts: alerts.map((alert) => ({ ...alert, labels: { ...alert.labels } })),
    reason,
    at: group.nextAt,
  };
}

function sortedAlerts(group: Group): GroupedAlert[] {
  return [...group.alerts.values()].sort((a, b) =>
    a.alertId < b.alertId ? -1 : a.alertId > b.alertId ? 1 : 0,
  );
}
