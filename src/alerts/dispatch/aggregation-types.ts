/** One alert as a group knows it: its id, labels, and whether it fires or was resolved (and when). */
export interface GroupedAlert {
  alertId: string;
  labels: Record<string, string>;
  status: 'firing' | 'resolved';
  changedAt: number;
}

/** A notification a group has to send now: to its receivers, about these alerts. */
export interface GroupFlush {
  groupKey: string;
  routeKey: string;
  receivers: string[];
  groupLabels: Record<string, string>;
  /** Firing alerts, then resolved ones, each by alert id. */
  alerts: GroupedAlert[];
  /** `group`: something changed (or the first flush); `repeat`: unchanged, reminded after repeatInterval. */
  reason: 'group' | 'repeat';
  /** When the flush was due (not when `due` was called): with groupKey, the notification's idempotency key. */
  at: number;
}

/** One group in exported state (plain JSON). */
export interface AggregationGroupState {
  groupKey: string;
  routeKey: string;
  receivers: string[];
  groupLabels: Record<string, string>;
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
  createdAt: number;
  /** When the group is evaluated next. */
  nextAt: number;
  /** When its last notification was due; null before the first. */
  lastSentAt: number | null;
  /** Alerts the receivers were last told are firing (only those are later announced as resolved). */
  notifiedFiring: string[];
  alerts: GroupedAlert[];
}

/** Everything AggregationGroups knows, as JSON, groups by key. */
export interface AggregationState {
  version: 1;
  groups: AggregationGroupState[];
}
