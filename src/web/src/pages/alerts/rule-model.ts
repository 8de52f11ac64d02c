import type { AlertRuleView, BacktestResult } from './alert-types.js';

type Condition = AlertRuleView['condition'];

const text = (value: unknown, fallback = '') => (typeof value === 'string' ? value : fallback);

function matchersText(condition: Condition): string {
  const matchers = Array.isArray(condition.matchers) ? condition.matchers.map(String) : [];
  return matchers.length > 0 ? `{${matchers.join(', ')}}` : '';
}

/** A rule's condition in one line: `avg(cpu_percent{service="api"}) over 5m > 90`, `a monitor is down` … */
export function conditionSummary(condition: Condition): string {
  const selected = `${text(condition.series)}${matchersText(condition)}`;
  switch (condition.kind) {
    case 'threshold': {
      const aggregate = text(condition.aggregate, 'last');
      const over = aggregate === 'last' ? '' : ` over ${text(condition.window, '1m')}`;
      const fn = aggregate === 'percentile' ? `p${String(condition.percentile)}` : aggregate;
      return `${fn}(${selected})${over} ${text(condition.op)} ${String(condition.threshold)}`;
    }
    case 'dynamic':
      return `${selected} leaves its learned band (${text(condition.direction, 'above')})`;
    case 'monitor_down':
      return `a monitor${matchersText(condition) ? ` ${matchersText(condition)}` : ''} is down`;
    case 'heartbeat_missing':
      return `a heartbeat${matchersText(condition) ? ` ${matchersText(condition)}` : ''} is missing`;
    case 'certificate_expiry':
      return `a certificate expires within ${String(condition.days)} days`;
    default:
      return condition.kind;
  }
}

/** Labels worth showing for a series (`alertname` and `severity` are the rule's own), as `k=v, …`. */
export function seriesLabelsText(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .filter(([name]) => name !== 'alertname' && name !== 'severity')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
}

/** One time a rule would have fired in a dry run, and when it would have resolved (null: still firing at the end). */
export interface WouldHaveFired {
  series: string;
  firedAt: string;
  resolvedAt: string | null;
  value: number | null;
}

/** The fire → resolve spans of a dry run, in time order, each resolve paired with its series' last fire. */
export function firingSpans(result: Pick<BacktestResult, 'transitions'>): WouldHaveFired[] {
  const spans: WouldHaveFired[] = [];
  const open = new Map<string, WouldHaveFired>();
  const ordered = [...result.transitions].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const t of ordered) {
    const series = seriesLabelsText(t.labels);
    if (t.type === 'fired') {
      const span = { series, firedAt: t.at, resolvedAt: null, value: t.value };
      spans.push(span);
      open.set(series, span);
    } else if (t.type === 'resolved') {
      const span = open.get(series);
      if (span) span.resolvedAt = t.at;
      open.delete(series);
    }
  }
  return spans;
}

/** How far back a dry run reads. */
export const TEST_RANGES = [
  { id: '1h', title: 'the last hour', ms: 3_600_000 },
  { id: '6h', title: 'the last 6 hours', ms: 6 * 3_600_000 },
  { id: '24h', title: 'the last 24 hours', ms: 24 * 3_600_000 },
  { id: '7d', title: 'the last 7 days', ms: 7 * 24 * 3_600_000 },
] as const;

export type TestRangeId = (typeof TEST_RANGES)[number]['id'];

/** The body of `POST /api/alert-rules/test` for a stored rule over a range up to now. */
export function backtestRequest(ruleId: string, range: TestRangeId, nowMs: number) {
  const ms = TEST_RANGES.find((r) => r.id === range)?.ms ?? 3_600_000;
  return { ruleId, from: new Date(nowMs - ms).toISOString() };
}
