import type { FastifyInstance } from 'fastify';
import { systemClock } from '../kernel/index.js';
import { buildServer, type ServerDependencies } from './app.js';
import { type AuthServices, type AuthSettings, startAuthServices } from './auth/auth-services.js';
import { type FirstStart, prepareFirstStart } from './auth/bootstrap.js';
import { userResource } from './auth/users.js';
import { ResourceStore } from './resources/resource-store.js';

/** The server with everything it serves wired up. */
export interface VigiaServer {
  app: FastifyInstance;
  auth: AuthServices;
  resources: ResourceStore;
  /** Set on the first start of an empty store: the admin user and its one-time setup code, to show once. */
  firstStart: FirstStart | undefined;
}

export type VigiaServerOptions = Omit<ServerDependencies, 'auth' | 'resources'> & {
  authSettings?: AuthSettings;
};

/** Opens the resource kinds (users …) and the auth services over one store. */
export async function startAccounts(
  store: ServerDependencies['store'],
  clock = systemClock,
  authSettings?: AuthSettings,
): Promise<{ auth: AuthServices; resources: ResourceStore; definitions: ReturnType<typeof userResource>[] }> {
  const resources = new ResourceStore(store);
  const users = userResource(() => resources);
  const definitions = [users];
  await resources.start(definitions);
  const auth = await startAuthServices(store, clock, resources, users, authSettings);
  return { auth, resources, definitions };
}

/** Wires the resources, auth and the HTTP server over one event store (used by `vigia up` and the tests). */
export async function createVigiaServer(options: VigiaServerOptions): Promise<VigiaServer> {
  const { authSettings, ...dependencies } = options;
  const { auth, resources, definitions } = await startAccounts(
    options.store,
    options.clock ?? systemClock,
    authSettings,
  );
  const firstStart = await prepareFirstStart(auth.accounts, auth.setupCodes, auth.tokens);
  const app = await buildServer({ ...dependencies, auth, resources: { store: resources, definitions } });
  return { app, auth, resources, firstStart };
}
