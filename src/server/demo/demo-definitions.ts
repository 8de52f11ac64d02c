import { ValidationError } from '../../kernel/index.js';
import { demoSimulatorFleet } from './demo-fleet.js';
import { simulatorBaseUrl } from './loopback-url.js';

/** Where one simulated service of the running demo fleet answers. */
export interface DemoServiceAddress {
  name: string;
  /** Base URL on loopback, e.g. http://127.0.0.1:43125. */
  url: string;
  /** Services it calls; taken from the demo fleet description when left out. */
  dependsOn?: readonly string[];
}

/** The label every demo definition carries or selects: routes and runbooks match on it. */
export const DEMO_LABEL = { demo: 'true' } as const;
const DEMO_MATCHER = 'demo="true"';

/** A monitor document as POST /api/monitors and `monitors:` take it. */
export interface DemoMonitorDocument {
  name: string;
  kind: 'http';
  service: string;
  description: string;
  url: string;
  intervalSeconds: number;
  maxLatencyMs: number;
  dependsOn: string[];
  labels: Record<string, string>;
}

/** A scrape of a demo service's `/metrics` (its cpu_percent feeds the CPU rule). */
export interface DemoScrapeDocument {
  name: string;
  kind: 'prometheus';
  service: string;
  description: string;
  url: string;
  intervalSeconds: number;
  labels: Record<string, string>;
}

/** An alert rule document as POST /api/alert-rules and `alerts.rules:` take it. */
export interface DemoAlertRuleDocument {
  name: string;
  description: string;
  severity: 'critical' | 'error' | 'warning' | 'info';
  for: string;
  labels?: Record<string, string>;
  annotations: Record<string, string>;
  flapDetection?: { enabled: boolean };
  condition: Record<string, unknown>;
}

/** A webhook receiver document (`alerts.receivers:`). */
export interface DemoReceiverDocument {
  name: string;
  kind: 'webhook';
  url: string;
  timeout: string;
  sendResolved: boolean;
}

/** A route document (`alerts.routes:`). */
export interface DemoRouteDocument {
  name: string;
  matchers: string[];
  receivers: string[];
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
}

/** A runbook document (`healing.runbooks:`, POST /api/runbooks). */
export interface DemoRunbookDocument {
  name: string;
  description: string;
  trigger: { alert: { matchers: string[]; severities: string[] } };
  steps: Array<{ name: string; action: { kind: 'simulator_fault_off'; url: string }; timeout: string }>;
  verify: { within: string };
  budget: { maxActionsPerHour: number };
}

/** Everything a demo declares besides its fleet, each list as the API and vigia.yaml take it. */
export interface DemoDefinitions {
  /** The health checks (one per service, in fleet order), then the metric scrapes. */
  monitors: Array<DemoMonitorDocument | DemoScrapeDocument>;
  rules: DemoAlertRuleDocument[];
  receivers: DemoReceiverDocument[];
  routes: DemoRouteDocument[];
  runbooks: DemoRunbookDocument[];
}

export const DEMO_RECEIVER = 'demo-log';
export const DEMO_ROUTE = 'demo';
export const DEMO_RULES = { down: 'demo-service-down', highCpu: 'demo-high-cpu' } as const;

/** The monitor that watches a demo service. */
export function demoMonitorName(service: string): string {
  return `demo-${service}`;
}

/** The scrape of a demo service's metrics. */
export function demoScrapeName(service: string): string {
  return `demo-${service}-metrics`;
}

/** The runbook that heals a demo service. */
export function demoRunbookName(service: string): string {
  return `demo-heal-${service}`;
}

/** Checked addresses, each with its base URL normalized and its dependencies known. */
function checkedAddresses(services: readonly DemoServiceAddress[]) {
  if (services.length === 0) throw new ValidationError('the demo needs at least one simulated service');
  const described = new Map((demoSimulatorFleet().services ?? []).map((s) => [s.name, s.dependsOn ?? []]));
  const names = new Set<string>();
  for (const [index, service] of services.entries()) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(service.name)) {
      throw new ValidationError(
        `services[${index}].name must be 1-64 letters, digits, "_" or "-", got ${JSON.stringify(service.name)}`,
      );
    }
    if (names.has(service.name))
      throw new ValidationError(`services[${index}].name "${service.name}" appears twice`);
    names.add(service.name);
  }
  return services.map((service, index) => ({
    name: service.name,
    url: simulatorBaseUrl(service.url, `services[${index}].url`),
    dependsOn: [...(service.dependsOn ?? described.get(service.name) ?? [])].filter((d) => names.has(d)),
  }));
}

/**
 * The monitors, alert rules, receiver, route and runbooks of the demo for a running simulated
 * fleet, with notifications going to the log receiver at `logReceiverUrl`. The default rules
 * (a monitor down for 30 s …) stay; the demo adds faster ones so an alert shows within seconds.
 */
export function demoDefinitions(
  services: readonly DemoServiceAddress[],
  options: { logReceiverUrl: string },
): DemoDefinitions {
  const fleet = checkedAddresses(services);
  // Names are letters, digits, "_" and "-" (checked above): nothing a regular expression reads specially.
  const serviceRegex = fleet.map((s) => s.name).join('|');
  const monitors = fleet.map(
    (service): DemoMonitorDocument => ({
      name: demoMonitorName(service.name),
      kind: 'http',
      service: service.name,
      description: `Demo: the simulated ${service.name} service`,
      url: `${service.url}/health`,
      intervalSeconds: 5,
      // Checks time out at 5 s (the interval); slower than 1 s counts as degraded.
      maxLatencyMs: 1000,
      dependsOn: service.dependsOn,
      labels: { ...DEMO_LABEL },
    }),
  );
  // Not labelled demo="true": the down rule watches the health checks; these only bring cpu_percent in.
  const scrapes = fleet.map(
    (service): DemoScrapeDocument => ({
      name: demoScrapeName(service.name),
      kind: 'prometheus',
      service: service.name,
      description: `Demo: the metrics of the simulated ${service.name} service`,
      url: `${service.url}/metrics`,
      intervalSeconds: 5,
      labels: { demo_metrics: 'true' },
    }),
  );
  const rules: DemoAlertRuleDocument[] = [
    {
      name: DEMO_RULES.down,
      description: 'Demo: a demo service is down on two checks in a row (5 seconds)',
      severity: 'critical',
      for: '5s',
      annotations: {
        summary: '{{ $labels.service }} is down: monitor {{ $labels.monitor }} fails its checks',
      },
      // An error-rate fault makes checks fail now and then; the demo wants the alert, not a flapping mute.
      flapDetection: { enabled: false },
      condition: { kind: 'monitor_down', matchers: [DEMO_MATCHER] },
    },
    {
      name: DEMO_RULES.highCpu,
      description:
        'Demo: a demo service above 90% CPU for 10 seconds (cpu_percent scraped from its /metrics)',
      severity: 'critical',
      for: '10s',
      labels: { ...DEMO_LABEL },
      annotations: { summary: 'CPU at {{ $value | round 1 }}% on {{ $labels.service }}' },
      condition: {
        kind: 'threshold',
        series: 'cpu_percent',
        matchers: [`service=~"${serviceRegex}"`],
        aggregate: 'avg',
        window: '10s',
        op: '>',
        threshold: 90,
      },
    },
  ];
  const receivers: DemoReceiverDocument[] = [
    { name: DEMO_RECEIVER, kind: 'webhook', url: options.logReceiverUrl, timeout: '5s', sendResolved: true },
  ];
  const routes: DemoRouteDocument[] = [
    {
      name: DEMO_ROUTE,
      matchers: [DEMO_MATCHER],
      receivers: [DEMO_RECEIVER],
      // At once: healing often resolves the alert within a second, and the demo should show it fired.
      groupWait: '0s',
      groupInterval: '10s',
      repeatInterval: '1h',
    },
  ];
  const runbooks = fleet.map(
    (service): DemoRunbookDocument => ({
      name: demoRunbookName(service.name),
      description: `Demo: switch the simulated ${service.name} service's faults off when one of its alerts fires`,
      // Info alerts (recovery announcements) never trigger healing.
      trigger: {
        alert: {
          matchers: [`service="${service.name}"`, DEMO_MATCHER],
          severities: ['warning', 'error', 'critical'],
        },
      },
      steps: [
        {
          name: 'switch-faults-off',
          action: { kind: 'simulator_fault_off', url: service.url },
          timeout: '10s',
        },
      ],
      verify: { within: '1m' },
      budget: { maxActionsPerHour: 20 },
    }),
  );
  return { monitors: [...monitors, ...scrapes], rules, receivers, routes, runbooks };
}
