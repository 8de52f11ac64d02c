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

/**
 * The `/api/metrics/query` path for the band's series over the range, narrowed by its service (or
 * monitor) label: a band's labels also hold the rule's own (alertname, severity, its labels), which no
 * series has, so the series is picked from the answer by `seriesOfBand`.
 */
export function bandValuesPath(band: ServiceBand, range: ResolvedTimeRange): string {
  const query = new URLSearchParams({ name: band.series });
  for (const key of ['service', 'monitor_id']) {
    const value = band.labels[key];
    if (value !== undefined) {
      query.append('label', `${key}=${value}`);
      break;
    }
  }
  query.set('from', range.from);
  query.set('to', range.to);
  query.set('stepMinutes', String(range.stepMinutes));
  query.set('aggregate', 'mean');
  return `/api/metrics/query?${query}`;
}

/** The series the band was learned from: the one whose every label the band has, with the same value. */
export function seriesOfBand<S extends { labels: Record<string, string> }>(
  series: readonly S[],
  band: ServiceBand,
): S | undefined {
  return series.find((s) => Object.entries(s.labels).every(([key, value]) => band.labels[key] === value));
}

/** Labels every alert carries, left out when a band's series is named. */
const ALERT_LABELS = new Set(['alertname', 'severity']);

/** The band's labels without those of the alert (alertname, severity). */
export function seriesLabels(band: ServiceBand): Record<string, string> {
  return Object.fromEntries(Object.entries(band.labels).filter(([key]) => !ALERT_LABELS.has(key)));
}

/** The labels of a series as people write them: `service="db", host="a"`. */
export function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .join(', ');
}
