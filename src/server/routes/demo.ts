import type { FastifyInstance } from 'fastify';
import type { EventStore } from '../../events/index.js';
import { activeDemoFault, DEMO_FAULT_NAMES, DEMO_FAULTS, type DemoFaultName } from '../demo/demo-faults.js';
import {
  readFaults,
  resetFaults,
  SimulatorUnavailableError,
  switchFaults,
} from '../demo/simulator-client.js';
import { HttpProblemError } from '../problem.js';
import { requestMetadata } from '../request-metadata.js';

/** The stream where switching demo faults on and off by hand is recorded (who, when, which). */
export const DEMO_STREAM = 'demo-faults';

export const DemoEvents = {
  faultSwitchedOn: 'demo.fault_switched_on',
  faultsReset: 'demo.faults_reset',
} as const;

export interface DemoRoutesOptions {
  store: EventStore;
  /** The demo's simulated services, each on a loopback address Vigia started itself. */
  services: ReadonlyArray<{ name: string; url: string }>;
}

const SERVICE = { type: 'string', minLength: 1, maxLength: 100 } as const;

/**
 * The demo fleet over the API, for the dashboard's "break something" controls: each service and the
 * fault it has on, switching a named fault on, and resetting. Registered only while the demo runs;
 * it reaches only the simulated services on loopback that this process started.
 */
export async function demoRoutes(app: FastifyInstance, { store, services }: DemoRoutesOptions) {
  const serviceNamed = (name: string) => {
    const service = services.find((s) => s.name === name);
    if (!service) {
      throw new HttpProblemError(404, 'NOT_FOUND', `The demo fleet has no service "${name}"`, {
        errors: [
          { field: 'body.service', message: `must be one of ${services.map((s) => s.name).join(', ')}` },
        ],
      });
    }
    return service;
  };
  const unavailable = (error: unknown): never => {
    if (error instanceof SimulatorUnavailableError)
      throw new HttpProblemError(503, 'UNAVAILABLE', error.message);
    throw error;
  };

  app.get(
    '/api/demo',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['demo'],
        summary: 'The demo fleet: each simulated service and the named fault it has on',
      },
    },
    async () => ({
      faults: DEMO_FAULT_NAMES,
      services: await Promise.all(
        services.map(async (service) => {
          const settings = await readFaults(service.url).catch(() => undefined);
          return {
            name: service.name,
            reachable: settings !== undefined,
            fault: settings ? (activeDemoFault(settings) ?? null) : null,
          };
        }),
      ),
    }),
  );

  app.post<{ Body: { service: string; fault: DemoFaultName } }>(
    '/api/demo/faults',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['demo'],
        summary: 'Switch a named fault on at a demo service (down, slow, errors, cpu)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['service', 'fault'],
          properties: { service: SERVICE, fault: { type: 'string', enum: [...DEMO_FAULT_NAMES] } },
        },
      },
    },
    async (request, reply) => {
      const service = serviceNamed(request.body.service);
      await switchFaults(service.url, DEMO_FAULTS[request.body.fault]).catch(unavailable);
      await store.appendToStream(DEMO_STREAM, [
        {
          type: DemoEvents.faultSwitchedOn,
          data: { service: service.name, fault: request.body.fault },
          metadata: requestMetadata(request),
        },
      ]);
      return reply.code(201).send({ service: service.name, fault: request.body.fault });
    },
  );

  app.post(
    '/api/demo/reset',
    {
      config: { access: 'operator' },
      schema: { tags: ['demo'], summary: 'Switch every fault off at every demo service' },
    },
    async (request) => {
      // Every service is reset, even when one does not answer; that one is then named in the error.
      const results = await Promise.allSettled(services.map((service) => resetFaults(service.url)));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) unavailable(failed.reason);
      await store.appendToStream(DEMO_STREAM, [
        {
          type: DemoEvents.faultsReset,
          data: { services: services.map((s) => s.name) },
          metadata: requestMetadata(request),
        },
      ]);
      return { reset: services.map((s) => s.name) };
    },
  );
}
