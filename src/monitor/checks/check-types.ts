import type { MetricSample } from '../ingest/index.js';

/** Outcome of one check: up, down, or degraded (answered, but too slowly or with a warning). */
export type CheckStatus = 'up' | 'down' | 'degraded';

/** What one check found. Checks never throw: every failure is a `down` result with a reason. */
export interface CheckResult {
  status: CheckStatus;
  /** Wall time the check took, in milliseconds. */
  latencyMs: number;
  /** Why, in words a person reads on a dashboard: "HTTP 503, expected 200-299". */
  message: string;
  /** Facts worth keeping with the result (status code, certificate expiry, resolved values …). */
  details?: Record<string, unknown>;
  /** Samples the check collected (prometheus scrapes): handed to the metrics, never stored with the result. */
  samples?: MetricSample[];
}

/** What a check gets from the scheduler. */
export interface CheckContext {
  /** Aborted when the check's timeout passes or Vigia stops; the check must give up promptly. */
  signal: AbortSignal;
  /** The current time in epoch milliseconds (the kernel clock; fake in tests). */
  now(): number;
}

/** A body assertion of an HTTP check. JSON paths are dot paths with [n] indexes: `data.items[0].state`. */
export type BodyAssertion =
  | { type: 'contains'; value: string }
  | { type: 'not_contains'; value: string }
  | { type: 'json_path_equals'; path: string; value: string | number | boolean | null }
  | { type: 'json_path_matches'; path: string; pattern: string };

export interface HttpCheckSpec {
  kind: 'http';
  url: string;
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
  headers: Record<string, string>;
  body?: string;
  /** Accepted status codes, as inclusive ranges: [[200, 299]] by default. */
  expectedStatus: Array<[number, number]>;
  assertions: BodyAssertion[];
  /** Above this the check is degraded (still answered). */
  maxLatencyMs?: number;
  /** For https: degraded when the certificate expires within this many days; down when expired. */
  certificateExpiryWarningDays?: number;
  followRedirects: boolean;
  timeoutMs: number;
}

export interface TcpCheckSpec {
  kind: 'tcp';
  host: string;
  port: number;
  timeoutMs: number;
}

export type DnsRecordType = 'A' | 'AAAA' | 'CNAME' | 'MX' | 'TXT' | 'NS';

export interface DnsCheckSpec {
  kind: 'dns';
  /** The name to resolve. */
  name: string;
  recordType: DnsRecordType;
  /** Values that must all be among the answers (A: addresses, MX: exchanges, TXT: joined strings …); none: any answer is up. */
  expected: string[];
  /** A resolver to ask, `host` or `host:port`; the system's resolvers when absent. */
  server?: string;
  timeoutMs: number;
}

export interface TlsCheckSpec {
  kind: 'tls';
  host: string;
  port: number;
  /** SNI name; the host when absent. */
  servername?: string;
  /** Degraded when the certificate expires within this many days; down when expired or invalid. */
  certificateExpiryWarningDays: number;
  timeoutMs: number;
}

/** Scrapes a target's Prometheus `/metrics` text: up when it answers 2xx with text that parses. */
export interface PrometheusCheckSpec {
  kind: 'prometheus';
  url: string;
  headers: Record<string, string>;
  /** Samples beyond this many are dropped (and the check is degraded). */
  maxSamples: number;
  /** Labels added to every sample that does not carry them already: `monitor` and `service`. */
  targetLabels: Record<string, string>;
  timeoutMs: number;
}

/** The specs of the kinds a check function runs (heartbeats are passive: the service calls Vigia). */
export type ActiveCheckSpec =
  | HttpCheckSpec
  | TcpCheckSpec
  | DnsCheckSpec
  | TlsCheckSpec
  | PrometheusCheckSpec;
