import type { ResolvedTimeRange } from '../../ui/time-range.js';

/** An alert rule as `GET /api/alert-rules` lists it (the fields this page reads). */
export interface AlertRuleItem {
  id: string;
  name: string;
  condition?: { kind?: string; series?: string };
}

/** One series of `GET /api/alert-rules/{id}/band`: the learned band, null while nothing is learned. */
export interface BandSeries {
  labels: Record<string, string>;
  fingerprint: string;
  median: number | null;
  lower: number | null;
  upper: number | null;
  points: number;
}

/** A dynamic rule's band for one series of this service. */
export interface ServiceBand {
  ruleId: string;
  rule: string;
  series: string;
  labels: Record<string, string>;
  fingerprint: string;
  median: number | null;
  lower: number | null;
  upper: number | null;
  points: number;
}

/** The rules of kind dynamic (their bands are what the page can draw). */
export function dynamicRules(rules: readonly AlertRuleItem[]): Array<AlertRuleItem & { series: string }> {
  return rules.flatMap((rule) =>
    rule.condition?.kind === 'dynamic' && typeof rule.condition.series === 'string'
      ? [{ ...rule, series: rule.condition.series }]
      : [],
  );
}

/** The series of a dynamic rule's band that belong to the service: labelled with it or one of its monitors. */
export function serviceBands(
  rule: AlertRuleItem & { series: string },
  bands: readonly BandSeries[],
  service: string,
  monitorIds: ReadonlySet<string>,
): ServiceBand[] {
  return bands
    .filter((band) => band.labels.service === service || monitorIds.has(band.labels.monitor_id ?? ''))
    .map((band) => ({
      ruleId: rule.id,
      rule: rule.name,
      series: rule.series,
      labels: band.labels,
      fingerprint: band.fingerprint,
      median: band.median,
      lower: band.lower,
      upper: band.upper,
      points: band.points,
    }));
}

/** The `/api/metrics/query` path for exactly this series (every label matched) over the range. */
export function bandValuesPath(band: ServiceBand, range: ResolvedTimeRange): string {
  const query = new URLSearchParams({ name: band.series });
  for (const [key, value] of Object.entries(band.labels).sort(([a], [b]) => a.localeCompare(b))) {
    query.append('label', `${key}=${value}`);
  }
  query.set('from', range.from);
  query.set('to', range.to);
  query.set('stepMinutes', String(range.stepMinutes));
  query.set('aggregate', 'mean');
  return `/api/metrics/query?${query}`;
}

/** The labels of a series as people write them: `service="db", host="a"`. */
export function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .join(', ');
}
