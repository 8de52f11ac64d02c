import type { MatchedRoute } from './route-tree.js';

/** The labels an alert is grouped by on a route, sorted by name (absent labels are left out). */
export function groupLabelsOf(
  route: Pick<MatchedRoute, 'groupBy'>,
  labels: Readonly<Record<string, string>>,
): Record<string, string> {
  const names = route.groupBy === 'all' ? Object.keys(labels) : route.groupBy;
  const grouped: Record<string, string> = {};
  for (const name of [...names].sort()) {
    const value = labels[name];
    if (value !== undefined) grouped[name] = value;
  }
  return grouped;
}

/** `database-team{alertname="DiskFull",service="db"}`: the route key and the group labels, stable. */
export function groupKeyOf(routeKey: string, groupLabels: Readonly<Record<string, string>>): string {
  const pairs = Object.keys(groupLabels)
    .sort()
    .map((name) => `${name}=${JSON.stringify(groupLabels[name])}`);
  return `${routeKey}{${pairs.join(',')}}`;
}
