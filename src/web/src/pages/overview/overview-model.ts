/** A service's worst monitor status, as `GET /api/status/services` gives it. */
export interface ServiceStatus {
  service: string;
  status: 'up' | 'down' | 'degraded' | 'unknown' | 'paused';
  monitors: number;
}

export const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

const STATUS_RANK: Record<ServiceStatus['status'], number> = {
  down: 0,
  degraded: 1,
  unknown: 2,
  up: 3,
  paused: 4,
};

/**
 * The tiles to show: the services that need a look first (down, degraded, unknown), then the rest,
 * each group by name, at most `max`, without duplicates (the pages they come from overlap).
 */
export function tilesToShow(
  pages: ReadonlyArray<ReadonlyArray<ServiceStatus>>,
  max: number,
): ServiceStatus[] {
  const byName = new Map<string, ServiceStatus>();
  for (const page of pages) for (const s of page) byName.set(s.service, s);
  return [...byName.values()]
    .sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || a.service.localeCompare(b.service))
    .slice(0, max);
}

/** Active alert counts by severity from `GET /api/alerts/summary` rows (firing and pending together). */
export function activeBySeverity(
  rows: ReadonlyArray<{ state: string; severity: string; count: number }>,
): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, error: 0, warning: 0, info: 0 };
  for (const row of rows) {
    if (row.state !== 'firing' && row.state !== 'pending') continue;
    if ((SEVERITIES as readonly string[]).includes(row.severity))
      counts[row.severity as Severity] += row.count;
  }
  return counts;
}
