import { isMonitorStatus, type MonitorFilters, type MonitorStatus } from './monitor-filters.js';

/** One monitor's current status, as `GET /api/status/monitors` lists it. */
export interface MonitorRow {
  monitorId: string;
  monitor: string;
  service: string;
  kind: string;
  status: MonitorStatus;
  since: string;
  lastCheckAt: string | null;
  lastLatencyMs: number | null;
  lastMessage: string;
  checks: number;
}

/** A change the live stream announced: a monitor's new status, or its removal. */
export type MonitorChange =
  | {
      kind: 'status';
      monitorId: string;
      monitor: string;
      service: string;
      to: MonitorStatus;
      message: string;
      at: string;
    }
  | { kind: 'deleted'; monitorId: string };

/** The change a live event stands for (`monitor.status_changed`, `monitor.monitor_deleted`), if any. */
export function monitorChangeOf(event: {
  type: string;
  time: string;
  data: unknown;
}): MonitorChange | undefined {
  const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Record<
    string,
    unknown
  >;
  if (event.type === 'monitor.monitor_deleted' && typeof data.id === 'string') {
    return { kind: 'deleted', monitorId: data.id };
  }
  if (
    event.type === 'monitor.status_changed' &&
    typeof data.monitorId === 'string' &&
    typeof data.monitor === 'string' &&
    typeof data.service === 'string' &&
    isMonitorStatus(data.to)
  ) {
    return {
      kind: 'status',
      monitorId: data.monitorId,
      monitor: data.monitor,
      service: data.service,
      to: data.to,
      message: typeof data.message === 'string' ? data.message : '',
      at: event.time,
    };
  }
  return undefined;
}

/** Whether a monitor with this name, service and status belongs in a list with `filters`. */
export function matchesFilters(
  monitor: { monitor: string; service: string; status: MonitorStatus },
  filters: MonitorFilters,
): boolean {
  if (filters.status && monitor.status !== filters.status) return false;
  if (filters.service && monitor.service !== filters.service) return false;
  const q = filters.q?.trim().toLowerCase();
  return !q || monitor.monitor.toLowerCase().includes(q);
}

/**
 * The loaded rows after live changes, updated in place (a row keeps its place even when its new status
 * no longer matches a status filter, so the list does not jump under the reader). A monitor not loaded
 * is added, in id order, only once every page is loaded (`complete`) and when it matches the filters:
 * before that, the page that holds it will bring it. Returns `rows` itself when nothing changed.
 * One pass over the rows, however many changes a burst brings.
 */
export function applyMonitorChanges(
  rows: readonly MonitorRow[],
  changes: readonly MonitorChange[],
  context: { filters: MonitorFilters; complete: boolean },
): readonly MonitorRow[] {
  if (changes.length === 0) return rows;
  const position = new Map(rows.map((row, index) => [row.monitorId, index]));
  const next = [...rows];
  const deleted = new Set<string>();
  const added = new Map<string, MonitorRow>();
  let changed = false;
  for (const change of changes) {
    const index = position.get(change.monitorId);
    if (change.kind === 'deleted') {
      if (index !== undefined) deleted.add(change.monitorId);
      changed ||= index !== undefined || added.delete(change.monitorId);
      continue;
    }
    const { monitor, service, to: status, message: lastMessage, at: since } = change;
    const update = { monitor, service, status, since, lastMessage };
    const pending = added.get(change.monitorId);
    if (index !== undefined) {
      next[index] = { ...next[index]!, ...update };
      deleted.delete(change.monitorId);
      changed = true;
    } else if (pending) {
      added.set(change.monitorId, { ...pending, ...update });
    } else if (context.complete && matchesFilters(update, context.filters)) {
      added.set(change.monitorId, {
        monitorId: change.monitorId,
        kind: '',
        lastCheckAt: null,
        lastLatencyMs: null,
        checks: 0,
        ...update,
      });
      changed = true;
    }
  }
  if (!changed) return rows;
  if (deleted.size === 0 && added.size === 0) return next;
  const kept = deleted.size === 0 ? next : next.filter((row) => !deleted.has(row.monitorId));
  return added.size === 0 ? kept : mergeById(kept, [...added.values()]);
}

/** Rows in monitor id order (the API's order), `extra` merged in. */
function mergeById(rows: readonly MonitorRow[], extra: MonitorRow[]): MonitorRow[] {
  extra.sort((a, b) => (a.monitorId < b.monitorId ? -1 : 1));
  const merged: MonitorRow[] = [];
  let e = 0;
  for (const row of rows) {
    while (e < extra.length && extra[e]!.monitorId < row.monitorId) merged.push(extra[e++]!);
    merged.push(row);
  }
  while (e < extra.length) merged.push(extra[e++]!);
  return merged;
}
