export { demoFleetDescription } from './demo-fleet.js';
export {
  type FleetDescription,
  type FleetPushSettings,
  type FleetServiceDescription,
  type FleetSpec,
  parseFleetDescription,
} from './fleet-schema.js';
export { isLoopbackHost, type PushStats, pushTargetProblem, type ResourceSample } from './metrics-pusher.js';
export {
  DEFAULT_FAULTS,
  type FaultSettings,
  MAX_CHAOS_BODY_BYTES,
  MAX_FLEET_SIZE,
  MAX_LATENCY_MS,
  parseFaultPatch,
} from './settings-schema.js';
export {
  SimulatedService,
  type SimulatedServiceOptions,
  type SimulatedServiceStats,
  startSimulatedService,
} from './simulated-service.js';
export {
  type FleetServiceAddress,
  SimulatorFleet,
  type StartFleetOptions,
  startSimulatorFleet,
} from './simulator-fleet.js';
