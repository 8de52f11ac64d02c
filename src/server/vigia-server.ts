import type { FastifyInstance } from 'fastify';
import { systemClock } from '../kernel/index.js';
import { buildServer, type ServerDependencies } from './app.js';
import { createFirstAdminToken } from './auth/bootstrap.js';
import { TokenRegistry } from './auth/token-registry.js';
import { userResource } from './auth/users.js';
import { ResourceStore } from './resources/resource-store.js';

/** The server with everything it serves wired up. */
export interface VigiaServer {
  app: FastifyInstance;
  tokens: TokenRegistry;
  resources: ResourceStore;
  /** Set on the first start of an empty store: the admin token to show once. */
  firstAdminToken: string | undefined;
}

/** Wires tokens, the resource kinds (users) and the HTTP server over one event store. */
export async function createVigiaServer(
  options: Omit<ServerDependencies, 'tokens' | 'resources'>,
): Promise<VigiaServer> {
  const clock = options.clock ?? systemClock;
  const tokens = new TokenRegistry(options.store, clock);
  await tokens.start();
  const firstAdminToken = await createFirstAdminToken(tokens);
  const resources = new ResourceStore(options.store);
  const definitions = [userResource(() => resources)];
  await resources.start(definitions);
  const app = await buildServer({ ...options, tokens, resources: { store: resources, definitions } });
  return { app, tokens, resources, firstAdminToken };
}
