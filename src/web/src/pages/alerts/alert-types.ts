/** The shapes the alerting API answers with, as the Alerts page reads them. */

export type Severity = 'info' | 'warning' | 'error' | 'critical';

/** Most severe first: the order alerts are listed in. */
export const SEVERITIES: readonly Severity[] = ['critical', 'error', 'warning', 'info'];

/** Why an alert is inhibited: a dependency that is down, or an inhibition rule with a firing source alert. */
export type InhibitionCause =
  | { kind: 'dependency'; service: string; dependency: string; causeAlertId?: string }
  | { kind: 'rule'; inhibitRuleId: string; causeAlertId: string };

/** An alert occurrence (`GET /api/alerts`). */
export interface AlertView {
  alertId: string;
  ruleId: string;
  ruleName: string;
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  severity: Severity;
  service: string;
  state: 'pending' | 'firing' | 'resolved';
  activeSince: string;
  firedAt: string | null;
  resolvedAt: string | null;
  value: number | null;
  acknowledged: { by: string; at: string } | null;
  silencedBy: string[];
  inhibitedBy: InhibitionCause[];
  flapping: boolean;
}

/** A page of alerts and the cursor of the next one. */
export interface AlertPage {
  alerts: AlertView[];
  next: string | null;
}

/** A silence as `GET /api/silences` lists it. */
export interface SilenceView {
  id: string;
  matchers: string[];
  startsAt: string;
  endsAt: string;
  comment: string;
  createdBy?: string;
  createdAt: string;
}

/** A page of a resource list (`items`, and `next` to pass as `after`). */
export interface ResourcePage<T> {
  items: T[];
  next: string | null;
}

/** An alert rule as `GET /api/alert-rules` lists it. */
export interface AlertRuleView {
  id: string;
  name: string;
  description?: string;
  enabled?: boolean;
  severity: Severity;
  for?: string;
  keepFiringFor?: string;
  managedBy?: string;
  condition: { kind: string } & Record<string, unknown>;
}

/** One change of an alert series in a dry run. */
export interface BacktestTransition {
  type: 'pending' | 'fired' | 'resolved' | 'flapping' | 'flap_settled';
  at: string;
  labels: Record<string, string>;
  value: number | null;
}

/** The answer of `POST /api/alert-rules/test`. */
export interface BacktestResult {
  rule: string;
  from: string;
  to: string;
  samples: number;
  series: number;
  fired: number;
  truncated?: boolean;
  transitions: BacktestTransition[];
}
