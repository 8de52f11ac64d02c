/** The rules Vigia ships, as documents; `alerts.defaultRules.<key>: false` leaves one out. */
export const DEFAULT_RULES = {
  highCpu: {
    name: 'default-high-cpu',
    description: 'CPU above 90% for 2 minutes (pushed cpu_percent samples)',
    severity: 'critical',
    for: '2m',
    condition: {
      kind: 'threshold',
      series: 'cpu_percent',
      aggregate: 'avg',
      window: '1m',
      op: '>',
      threshold: 90,
    },
    annotations: { summary: 'CPU at {{ $value | round 1 }}% on {{ $labels.service }}' },
  },
  slowResponse: {
    name: 'default-slow-response',
    description: 'Checks answering slower than 5 s on average over a minute',
    severity: 'warning',
    for: '1m',
    condition: {
      kind: 'threshold',
      series: 'vigia_check_latency_ms',
      aggregate: 'avg',
      window: '1m',
      op: '>',
      threshold: 5000,
    },
    annotations: {
      summary: 'Response time {{ $value | round 0 }} ms on {{ $labels.monitor }} ({{ $labels.service }})',
    },
  },
  serviceUnavailable: {
    name: 'default-service-unavailable',
    description: 'A monitor is down (its checks fail) for 30 seconds',
    severity: 'critical',
    for: '30s',
    condition: { kind: 'monitor_down' },
    annotations: { summary: '{{ $labels.service }} is unavailable: monitor {{ $labels.monitor }} is down' },
  },
} as const;

export type DefaultRuleKey = keyof typeof DEFAULT_RULES;

/** The default rules turned on in `alerts.defaultRules`. */
export function enabledDefaultRules(
  switches: Record<DefaultRuleKey, boolean>,
): Array<Record<string, unknown>> {
  return (Object.keys(DEFAULT_RULES) as DefaultRuleKey[])
    .filter((key) => switches[key])
    .map((key) => structuredClone(DEFAULT_RULES[key]) as unknown as Record<string, unknown>);
}
