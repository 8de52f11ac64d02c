import type { FastifyInstance } from 'fastify';
import { systemClock } from '../kernel/index.js';
import type { MonitorService } from '../monitor/index.js';
import { buildServer, type ServerDependencies } from './app.js';
import { type AuthServices, type AuthSettings, startAuthServices } from './auth/auth-services.js';
import { type FirstStart, prepareFirstStart } from './auth/bootstrap.js';
import { userResource } from './auth/users.js';
import { monitorResource } from './monitoring/monitor-resource.js';
import type { ResourceDefinition } from './resources/resource-definition.js';
import { ResourceStore } from './resources/resource-store.js';

/** The server with everything it serves wired up. */
export interface VigiaServer {
  app: FastifyInstance;
  auth: AuthServices;
  resources: ResourceStore;
  /** The monitor resource kind (what the configuration sync writes through). */
  monitors: ResourceDefinition;
  /** Set on the first start of an empty store: the admin user and its one-time setup code, to show once. */
  firstStart: FirstStart | undefined;
}

export type VigiaServerOptions = Omit<ServerDependencies, 'auth' | 'resources' | 'monitoring'> & {
  authSettings?: AuthSettings;
  /** The running monitors, when this server serves their status. */
  monitoring?: MonitorService;
};

/** Opens the resource kinds (users …) and the auth services over one store. */
export async function startAccounts(
  store: ServerDependencies['store'],
  clock = systemClock,
  authSettings?: AuthSettings,
): Promise<{ auth: AuthServices; resources: ResourceStore; definitions: ResourceDefinition[] }> {
  const resources = new ResourceStore(store);
  const users = userResource(() => resources);
  const definitions = [users, monitorResource(() => resources)];
  await resources.start(definitions);
  const auth = await startAuthServices(store, clock, resources, users, authSettings);
  return { auth, resources, definitions };
}

/** Wires the resources, auth and the HTTP server over one event store (used by `vigia up` and the tests). */
export async function createVigiaServer(options: VigiaServerOptions): Promise<VigiaServer> {
  const { authSettings, monitoring, ...dependencies } = options;
  const { auth, resources, definitions } = await startAccounts(
    options.store,
    options.clock ?? systemClock,
    authSettings,
  );
  const firstStart = await prepareFirstStart(auth.accounts, auth.setupCodes, auth.tokens);
  const app = await buildServer({
    ...dependencies,
    auth,
    resources: { store: resources, definitions },
    ...(monitoring ? { monitoring: { service: monitoring, definition: definitions[1]! } } : {}),
  });
  return { app, auth, resources, monitors: definitions[1]!, firstStart };
}
