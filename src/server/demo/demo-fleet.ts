import { demoFleetDescription, type FleetDescription } from '../../monitor/index.js';

/** The services the demo adds to the simulator's demo fleet: a background worker on the queue, and auth. */
const EXTRA_SERVICES = [
  { name: 'worker', latencyMs: 15, jitterMs: 10, cpuPercent: 30, memoryPercent: 50, dependsOn: ['queue'] },
  { name: 'auth', latencyMs: 12, jitterMs: 8, cpuPercent: 20, memoryPercent: 40 },
];

/**
 * The fleet `vigia up` runs for the demo: web → api → db and cache, web → auth, worker → queue
 * (7 services). Nothing fails until the chaos loop or `vigia demo chaos` says so.
 */
export function demoSimulatorFleet(): FleetDescription {
  const base = demoFleetDescription();
  const services = (base.services ?? []).map((service) =>
    service.name === 'web' ? { ...service, dependsOn: [...(service.dependsOn ?? []), 'auth'] } : service,
  );
  return { ...base, services: [...services, ...EXTRA_SERVICES.map((service) => structuredClone(service))] };
}
