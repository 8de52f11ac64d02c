import { withQuery } from '../../router.js';

/** The statuses a monitor can be in, worst first (the order filters and summaries list them in). */
export const MONITOR_STATUSES = ['down', 'degraded', 'up', 'unknown', 'paused'] as const;
export type MonitorStatus = (typeof MONITOR_STATUSES)[number];

/** The filters of the monitor list, as the address query holds them (`/services?status=down&q=api`). */
export interface MonitorFilters {
  status?: MonitorStatus;
  service?: string;
  /** Text the monitor name must contain (any case). */
  q?: string;
}

/** Longest search text and service name the API takes. */
export const MAX_FILTER_LENGTH = 100;

/** Whether `value` is a monitor status. */
export function isMonitorStatus(value: unknown): value is MonitorStatus {
  return (MONITOR_STATUSES as readonly unknown[]).includes(value);
}

/** The filters an address query names; unknown statuses are ignored and texts cut to what the API takes. */
export function filtersFromQuery(query: URLSearchParams): MonitorFilters {
  const filters: MonitorFilters = {};
  const status = query.get('status');
  if (isMonitorStatus(status)) filters.status = status;
  const service = query.get('service')?.slice(0, MAX_FILTER_LENGTH);
  if (service) filters.service = service;
  const q = query.get('q')?.slice(0, MAX_FILTER_LENGTH);
  if (q) filters.q = q;
  return filters;
}

/** The address of the monitor list showing `filters` (empty ones left out). */
export function monitorsPageAddress(filters: MonitorFilters): string {
  return withQuery('/services', { status: filters.status, service: filters.service, q: filters.q });
}

/** The API path of one page of monitor statuses matching `filters`, after the cursor `after`. */
export function monitorStatusesPath(filters: MonitorFilters, limit: number, after?: string | null): string {
  return withQuery('/api/status/monitors', {
    status: filters.status,
    service: filters.service,
    q: filters.q?.trim(),
    after,
    limit,
  });
}

/** A key that changes exactly when the monitors the filters select change (a trailing space does not). */
export function filtersKey(filters: MonitorFilters): string {
  return JSON.stringify([filters.status ?? '', filters.service ?? '', filters.q?.trim() ?? '']);
}
