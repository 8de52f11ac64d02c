import type { FleetDescription } from './fleet-schema.js';

/**
 * The demo fleet: web → api → db and cache, plus a queue. Baselines are what a small healthy
 * deployment looks like (a database busier and fuller than a cache); nothing fails until a drill says so.
 */
export function demoFleetDescription(): FleetDescription {
  return {
    services: [
      { name: 'web', latencyMs: 40, jitterMs: 30, cpuPercent: 25, memoryPercent: 45, dependsOn: ['api'] },
      {
        name: 'api',
        latencyMs: 25,
        jitterMs: 20,
        cpuPercent: 35,
        memoryPercent: 55,
        dependsOn: ['db', 'cache'],
      },
      { name: 'db', latencyMs: 8, jitterMs: 6, cpuPercent: 40, memoryPercent: 70 },
      { name: 'cache', latencyMs: 1, jitterMs: 2, cpuPercent: 10, memoryPercent: 30 },
      { name: 'queue', latencyMs: 5, jitterMs: 5, cpuPercent: 15, memoryPercent: 35 },
    ],
  };
}
