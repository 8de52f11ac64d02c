import { z } from 'zod';
import { ValidationError } from '../../kernel/index.js';
import { pushTargetProblem } from './metrics-pusher.js';
import {
  describeIssues,
  type FaultSettings,
  faultFields,
  MAX_FLEET_SIZE,
  portSchema,
  pushFields,
  serviceNameSchema,
} from './settings-schema.js';

/** One service of a fleet description; fault settings left out take DEFAULT_FAULTS. */
export interface FleetServiceDescription extends Partial<FaultSettings> {
  name: string;
  /** Fixed port; otherwise a free one (or the fleet's basePort + index). */
  port?: number;
  dependsOn?: string[];
}

/** Settings every service of a fleet shares: where (and whether) to push metric samples. */
export interface FleetPushSettings {
  pushUrl?: string;
  pushIntervalMs?: number;
  pushToken?: string;
  allowRemotePush?: boolean;
}

/**
 * A fleet as written in a file: either `services`, or the shorthand `count` (+ `namePrefix`,
 * default "svc") generating `svc-1` … `svc-N`. Fault fields at the top are every service's defaults.
 */
export interface FleetDescription extends FleetPushSettings, Partial<FaultSettings> {
  services?: FleetServiceDescription[];
  count?: number;
  namePrefix?: string;
}

/** A validated fleet: always an explicit list of services. */
export interface FleetSpec extends FleetPushSettings {
  services: Array<FleetServiceDescription & { dependsOn: string[] }>;
}

const optionalFaults = z.object(faultFields).partial().shape;

const serviceSchema = z
  .object({
    name: serviceNameSchema,
    port: portSchema.optional(),
    dependsOn: z.array(serviceNameSchema).max(100).optional(),
    ...optionalFaults,
  })
  .strict();

const fleetSchema = z
  .object({
    services: z
      .array(serviceSchema)
      .min(1, 'must list at least one service')
      .max(MAX_FLEET_SIZE, `must list at most ${MAX_FLEET_SIZE} services`)
      .optional(),
    count: z
      .number({ error: `must be a whole number from 1 to ${MAX_FLEET_SIZE}` })
      .int(`must be a whole number from 1 to ${MAX_FLEET_SIZE}`)
      .min(1, `must be a whole number from 1 to ${MAX_FLEET_SIZE}`)
      .max(MAX_FLEET_SIZE, `must be a whole number from 1 to ${MAX_FLEET_SIZE}`)
      .optional(),
    namePrefix: serviceNameSchema.max(48, 'must be at most 48 characters').optional(),
    ...optionalFaults,
    ...z.object(pushFields).partial().shape,
  })
  .strict()
  .superRefine((fleet, ctx) => {
    const problem = (path: Array<string | number>, message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    if ((fleet.services === undefined) === (fleet.count === undefined)) {
      problem([], 'give either services (a list) or count (the shorthand), not both or neither');
    }
    if (fleet.services) {
      if (fleet.namePrefix !== undefined) problem(['namePrefix'], 'only goes with count');
      checkServices(fleet.services, problem);
    }
    if (fleet.pushUrl === undefined) {
      if (fleet.pushIntervalMs !== undefined) problem(['pushIntervalMs'], 'needs pushUrl');
      if (fleet.pushToken !== undefined) problem(['pushToken'], 'needs pushUrl');
    } else {
      const why = pushTargetProblem(fleet.pushUrl, fleet.allowRemotePush === true);
      if (why) problem(['pushUrl'], why);
    }
  });

function checkServices(
  services: ReadonlyArray<z.infer<typeof serviceSchema>>,
  problem: (path: Array<string | number>, message: string) => void,
): void {
  const names = new Set<string>();
  const ports = new Set<number>();
  services.forEach((service, index) => {
    if (names.has(service.name)) problem(['services', index, 'name'], `"${service.name}" appears twice`);
    names.add(service.name);
    if (service.port) {
      if (ports.has(service.port)) problem(['services', index, 'port'], `${service.port} appears twice`);
      ports.add(service.port);
    }
  });
  services.forEach((service, index) => {
    for (const dependency of service.dependsOn ?? []) {
      if (dependency === service.name)
        problem(['services', index, 'dependsOn'], 'a service cannot depend on itself');
      else if (!names.has(dependency)) {
        problem(['services', index, 'dependsOn'], `"${dependency}" is not a service of this fleet`);
      }
    }
  });
}

/** Validates a fleet description (from a file or code) and expands the `count` shorthand; throws ValidationError naming the field. */
export function parseFleetDescription(raw: unknown, source = 'fleet description'): FleetSpec {
  const result = fleetSchema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    }));
    throw new ValidationError(`Invalid ${source}: ${describeIssues(result.error.issues, '(root)')}`, issues);
  }
  const { services, count, namePrefix, pushUrl, pushIntervalMs, pushToken, allowRemotePush, ...faults } =
    result.data;
  const push: FleetPushSettings = {};
  if (pushUrl !== undefined) push.pushUrl = pushUrl;
  if (pushIntervalMs !== undefined) push.pushIntervalMs = pushIntervalMs;
  if (pushToken !== undefined) push.pushToken = pushToken;
  if (allowRemotePush !== undefined) push.allowRemotePush = allowRemotePush;
  const list =
    services?.map((service) => ({ ...faults, ...service, dependsOn: service.dependsOn ?? [] })) ??
    Array.from({ length: count ?? 0 }, (_, index) => ({
      name: `${namePrefix ?? 'svc'}-${index + 1}`,
      ...faults,
      dependsOn: [],
    }));
  return { services: list, ...push };
}
