/**
 * A worker process running the simulated services the monitors check — `startSimulatorFleet`
 * on 127.0.0.1, free ports — so their CPU is not counted as Vigia's. Started by
 * monitor.bench.ts through WorkerProcess.
 */
import {
  type FleetServiceAddress,
  type SimulatorFleet,
  startSimulatorFleet,
} from '../../src/monitor/index.js';
import { serveWorker } from '../lib/worker.js';
import { SERVICE_FAULTS } from './settings.js';

let fleet: SimulatorFleet | undefined;

serveWorker({
  async open({ count }: { count: number }): Promise<FleetServiceAddress[]> {
    fleet = await startSimulatorFleet({ count, namePrefix: 'svc', ...SERVICE_FAULTS });
    return fleet.addresses();
  },
  /** Service requests received and errors, summed over the fleet. */
  async stats(): Promise<{ requests: number; errors: number }> {
    let requests = 0;
    let errors = 0;
    for (const service of fleet?.services ?? []) {
      const stats = service.stats();
      requests += stats.requests;
      errors += stats.errors;
    }
    return { requests, errors };
  },
  async close() {
    await fleet?.stop();
  },
});
