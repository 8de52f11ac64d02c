import type { FaultSettings } from '../../monitor/index.js';

/** The named faults of the demo: what `vigia demo chaos <service> <fault>` and the chaos loop switch on. */
export const DEMO_FAULT_NAMES = ['down', 'slow', 'errors', 'cpu'] as const;

export type DemoFaultName = (typeof DEMO_FAULT_NAMES)[number];

/**
 * Each fault as a POST /chaos body. `slow` is beyond the demo monitors' 5 s check timeout, so it
 * shows as down; `cpu` shows through the cpu_percent the demo scrapes from each service's /metrics.
 */
export const DEMO_FAULTS: Readonly<Record<DemoFaultName, Readonly<Partial<FaultSettings>>>> = Object.freeze({
  down: Object.freeze({ available: false }),
  slow: Object.freeze({ latencyMs: 6000 }),
  errors: Object.freeze({ failureRate: 0.8 }),
  cpu: Object.freeze({ cpuPercent: 97 }),
});

/** True when `name` is one of DEMO_FAULT_NAMES. */
export function isDemoFaultName(name: string): name is DemoFaultName {
  return (DEMO_FAULT_NAMES as readonly string[]).includes(name);
}

/** The named fault a service's settings show (every field of it still in force), if any. */
export function activeDemoFault(settings: Readonly<FaultSettings>): DemoFaultName | undefined {
  return DEMO_FAULT_NAMES.find((name) =>
    Object.entries(DEMO_FAULTS[name]).every(
      ([field, value]) => settings[field as keyof FaultSettings] === value,
    ),
  );
}
