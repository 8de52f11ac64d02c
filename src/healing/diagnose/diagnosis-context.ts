import type { EvidenceRef, ProbableCause } from '../healing-events.js';

/** A check's outcome. */
export type CheckStatus = 'up' | 'degraded' | 'down';
/** A monitor's status: a check's outcome, `paused`, or `unknown` before its first check. */
export type MonitorStatus = CheckStatus | 'paused' | 'unknown';
/** A service's status: the worst of its monitors' (`down` if any is down), `unknown` when none has one. */
export type ServiceStatus = CheckStatus | 'unknown';

/** One check result, kept as evidence. */
export interface CheckFact {
  monitorId: string;
  monitor: string;
  service: string;
  status: CheckStatus;
  latencyMs: number;
  message: string;
  atMs: number;
  ref: EvidenceRef;
}

/** A monitor's current status and the event that says so. */
export interface MonitorStatusFact {
  monitorId: string;
  name: string;
  status: MonitorStatus;
  /** When the monitor entered this status (null: unknown). */
  sinceMs: number | null;
  ref: EvidenceRef | null;
}

/** A service: what it depends on (from its monitors' `dependsOn`) and its status now. */
export interface ServiceFacts {
  service: string;
  dependsOn: string[];
  status: ServiceStatus;
  /** When the service entered its status: the earliest among its monitors in that status. */
  sinceMs: number | null;
  monitors: MonitorStatusFact[];
}

/** One minute of one series: the mean and the largest sample, with the event that carried it. */
export interface MinuteMean {
  minuteMs: number;
  mean: number;
  max: number;
  count: number;
  peakRef: EvidenceRef;
}

/** A series of one service (`cpu_percent`, `vigia_check_latency_ms` …) as per-minute means, oldest first. */
export interface MetricSeriesFacts {
  service: string;
  metric: string;
  minutes: MinuteMean[];
}

export interface ActiveAlertFact {
  alertId: string;
  ruleName: string;
  service: string | null;
  severity: string;
  firedAtMs: number;
  ref: EvidenceRef;
}

/** A deploy or configuration change: pushed by users, or a configuration reload that changed something. */
export interface ChangeFact {
  changeId: string;
  kind: 'deploy' | 'config';
  /** null: a global change (it may touch every service). */
  service: string | null;
  description: string;
  atMs: number;
  ref: EvidenceRef;
}

/** A circuit breaker that is not closed. */
export interface BreakerFact {
  policy: string;
  state: string;
  reason: string;
  sinceMs: number;
  ref: EvidenceRef;
}

/** The alerts module muted the alert because a service it depends on is down. */
export interface InhibitionFact {
  service: string;
  dependency: string;
  causeAlertId: string | null;
  ref: EvidenceRef;
}

/** The alert being diagnosed. */
export interface DiagnosedAlert {
  alertId: string;
  ruleName: string;
  /** The `service` label, or null for an alert about no one service. */
  service: string | null;
  labels: Record<string, string>;
  firedAtMs: number;
  /** Its `alerts.alert_fired` event, when the keeper saw it. */
  ref: EvidenceRef | null;
}

/**
 * Everything the ranking rules read about one alert, gathered by the ContextKeeper as of `nowMs`:
 * the whole service graph with statuses, and the alert's own service's recent checks and metrics.
 */
export interface DiagnosisContext {
  alert: DiagnosedAlert;
  nowMs: number;
  /** Every known service (monitored, or named in a `dependsOn`), by name. */
  services: ReadonlyMap<string, ServiceFacts>;
  /** The recent check results of the alert's service, oldest first. */
  checks: CheckFact[];
  /** The alert's service's series in the metric window. */
  metrics: MetricSeriesFacts[];
  /** Alerts firing now, the diagnosed one included, in the order they fired. */
  activeAlerts: ActiveAlertFact[];
  /** Changes of the last day up to `nowMs`, oldest first. */
  changes: ChangeFact[];
  openBreakers: BreakerFact[];
  /** Why the alerts module inhibited this alert, if it did (dependency causes only). */
  inhibitions: InhibitionFact[];
}

/** An explainable ranking rule: a probable cause with its evidence, or undefined when it does not apply. */
export type DiagnosisRule = (context: DiagnosisContext) => ProbableCause | undefined;
