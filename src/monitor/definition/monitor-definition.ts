import type {
  BodyAssertion,
  DnsCheckSpec,
  HttpCheckSpec,
  PrometheusCheckSpec,
  TcpCheckSpec,
  TlsCheckSpec,
} from '../checks/check-types.js';

/** What every monitor has, whatever it checks. */
export interface MonitorBase {
  name: string;
  /** The service it belongs to (web, api, db …): statuses, incidents and dependencies are per service. */
  service: string;
  description?: string;
  intervalSeconds: number;
  labels: Record<string, string>;
  /** Services this monitor's service depends on (web → api → db). */
  dependsOn: string[];
  /** Bulkhead group: monitors of one group share a concurrency limit. Default: the service. */
  group: string;
  paused: boolean;
}

/** A heartbeat monitor: the service calls Vigia; a beat missing after interval + grace marks it down. */
export interface HeartbeatSpec {
  kind: 'heartbeat';
  graceSeconds: number;
}

/** A validated monitor: the common fields plus the check its kind runs. */
export type MonitorDefinition = MonitorBase & {
  check: HttpCheckSpec | TcpCheckSpec | DnsCheckSpec | TlsCheckSpec | PrometheusCheckSpec | HeartbeatSpec;
};

export type { BodyAssertion };
