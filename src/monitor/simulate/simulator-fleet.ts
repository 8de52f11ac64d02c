import { type Clock, type Logger, silentLogger, ValidationError } from '../../kernel/index.js';
import { type FleetDescription, parseFleetDescription } from './fleet-schema.js';
import { type FaultSettings, parseFaultPatch } from './settings-schema.js';
import { SimulatedService } from './simulated-service.js';

/** How a fleet is started. */
export interface StartFleetOptions {
  /** Service i listens on basePort + i unless it names its own port; absent or 0: free ports. */
  basePort?: number;
  /** Fault settings forced on every service, winning over the description (CLI flags). */
  overrides?: Partial<FaultSettings>;
  logger?: Logger;
  clock?: Clock;
  random?: () => number;
}

/** Where one service of a running fleet answers. */
export interface FleetServiceAddress {
  name: string;
  port: number;
  /** Base URL, e.g. http://127.0.0.1:43125. */
  url: string;
  /** POST fault settings here; POST `${chaosUrl}/reset` restores the initial ones. */
  chaosUrl: string;
  dependsOn: readonly string[];
}

/** A running set of simulated services, all on 127.0.0.1. */
export class SimulatorFleet {
  private stopping: Promise<void> | undefined;

  private constructor(
    /** The services, in description order. */
    readonly services: readonly SimulatedService[],
  ) {}

  /** Validates the description, starts every service, and stops the started ones again if any fails. */
  static async start(
    description: FleetDescription,
    options: StartFleetOptions = {},
  ): Promise<SimulatorFleet> {
    const spec = parseFleetDescription(description);
    const overrides = checkedOverrides(options.overrides);
    const basePort = options.basePort ?? 0;
    if (!Number.isInteger(basePort) || basePort < 0 || basePort + spec.services.length - 1 > 65535) {
      throw new ValidationError(
        `basePort must be a whole number from 0 to ${65536 - spec.services.length} for ${spec.services.length} services, got ${basePort}`,
      );
    }
    const logger = options.logger ?? silentLogger();
    const { pushUrl, pushIntervalMs, pushToken, allowRemotePush } = spec;
    const services = spec.services.map(
      (service, index) =>
        new SimulatedService({
          ...service,
          ...overrides,
          port: service.port ?? (basePort ? basePort + index : 0),
          pushUrl,
          pushIntervalMs,
          pushToken,
          allowRemotePush,
          logger,
          clock: options.clock,
          random: options.random,
        }),
    );
    const started = await Promise.allSettled(services.map((service) => service.start()));
    const failure = started.find((outcome) => outcome.status === 'rejected');
    if (failure) {
      await Promise.all(services.map((service) => service.stop()));
      throw failure.reason;
    }
    logger.info({ services: services.length }, 'simulator fleet started');
    return new SimulatorFleet(services);
  }

  /** Name, URL and chaos URL of each service, in description order. */
  addresses(): FleetServiceAddress[] {
    return this.services.map((service) => ({
      name: service.name,
      port: service.port,
      url: service.url,
      chaosUrl: `${service.url}/chaos`,
      dependsOn: service.dependsOn,
    }));
  }

  /** The service with this name, if the fleet has one. */
  service(name: string): SimulatedService | undefined {
    return this.services.find((service) => service.name === name);
  }

  /** Stops every service and closes every port; later calls return the same promise. */
  stop(): Promise<void> {
    this.stopping ??= Promise.all(this.services.map((service) => service.stop())).then(() => undefined);
    return this.stopping;
  }
}

function checkedOverrides(overrides: Partial<FaultSettings> | undefined): Partial<FaultSettings> {
  if (!overrides) return {};
  const parsed = parseFaultPatch(overrides);
  if (!parsed.ok) throw new ValidationError(`Invalid fleet overrides: ${parsed.error}`);
  return parsed.patch;
}

/** Starts a fleet from a description (see FleetDescription); stop it with `fleet.stop()`. */
export function startSimulatorFleet(
  description: FleetDescription,
  options: StartFleetOptions = {},
): Promise<SimulatorFleet> {
  return SimulatorFleet.start(description, options);
}
