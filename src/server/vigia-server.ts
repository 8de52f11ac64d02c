import type { FastifyInstance } from 'fastify';
import type { AlertResourceName, AlertService } from '../alerts/index.js';
import { ProjectionNotReadyError } from '../events/index.js';
import { type Clock, systemClock } from '../kernel/index.js';
import { type MetricsService, type MonitorService, STANDARD_METRICS } from '../monitor/index.js';
import { alertResourceDefinitions } from './alerting/alert-resource-definitions.js';
import type { ConfigDefinitions } from './alerting/config-alerts.js';
import { buildServer, type ServerDependencies } from './app.js';
import { type AuthServices, type AuthSettings, startAuthServices } from './auth/auth-services.js';
import { type FirstStart, prepareFirstStart } from './auth/bootstrap.js';
import { userResource } from './auth/users.js';
import { runbookResource } from './healing/runbook-resource.js';
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
  /** The alerting resource kinds (rules, receivers, routes …). */
  alertDefinitions: Record<AlertResourceName, ResourceDefinition>;
  /** The kinds the configuration file's lists are synced to (alerting's and runbooks). */
  configDefinitions: ConfigDefinitions;
  /** Set on the first start of an empty store: the admin user and its one-time setup code, to show once. */
  firstStart: FirstStart | undefined;
}

export type VigiaServerOptions = Omit<
  ServerDependencies,
  'auth' | 'resources' | 'monitoring' | 'alerting'
> & {
  authSettings?: AuthSettings;
  /** The running monitors, when this server serves their status. */
  monitoring?: MonitorService;
  /** Alerting, when this server serves alerts, silences and acknowledgements. */
  alerting?: AlertService;
};

/**
 * Series names alert rules may name: the standard metrics and every series with samples.
 * Undefined while the metric read model is still being built (at start): the check is skipped
 * then rather than refusing rules for series it has not read yet.
 */
export function knownSeriesOf(
  metrics: MetricsService | undefined,
): () => Promise<ReadonlySet<string> | undefined> {
  return async () => {
    try {
      return new Set([...Object.keys(STANDARD_METRICS), ...((await metrics?.queries.seriesNames()) ?? [])]);
    } catch (error) {
      if (error instanceof ProjectionNotReadyError) return undefined;
      throw error;
    }
  };
}

/** Opens the resource kinds (users …) and the auth services over one store. */
export async function startAccounts(
  store: ServerDependencies['store'],
  clock: Clock = systemClock,
  authSettings?: AuthSettings,
  metrics?: MetricsService,
): Promise<{
  auth: AuthServices;
  resources: ResourceStore;
  definitions: ResourceDefinition[];
  alertDefinitions: Record<AlertResourceName, ResourceDefinition>;
  configDefinitions: ConfigDefinitions;
}> {
  const resources = new ResourceStore(store);
  const users = userResource(() => resources);
  const alertDefinitions = alertResourceDefinitions({
    resources: () => resources,
    clock,
    knownSeries: knownSeriesOf(metrics),
  });
  const runbooks = runbookResource(() => resources);
  const definitions = [users, monitorResource(() => resources), ...Object.values(alertDefinitions), runbooks];
  await resources.start(definitions);
  const auth = await startAuthServices(store, clock, resources, users, authSettings);
  return {
    auth,
    resources,
    definitions,
    alertDefinitions,
    configDefinitions: { ...alertDefinitions, runbooks },
  };
}

/** Wires the resources, auth and the HTTP server over one event store (used by `vigia up` and the tests). */
export async function createVigiaServer(options: VigiaServerOptions): Promise<VigiaServer> {
  const { authSettings, monitoring, alerting, ...dependencies } = options;
  const { auth, resources, definitions, alertDefinitions, configDefinitions } = await startAccounts(
    options.store,
    options.clock ?? systemClock,
    authSettings,
    options.metricsService?.service,
  );
  const firstStart = await prepareFirstStart(auth.accounts, auth.setupCodes, auth.tokens);
  const app = await buildServer({
    ...dependencies,
    auth,
    resources: { store: resources, definitions },
    ...(monitoring ? { monitoring: { service: monitoring, definition: definitions[1]! } } : {}),
    ...(alerting
      ? {
          alerting: {
            service: alerting,
            rules: alertDefinitions.rules,
            silences: alertDefinitions.silences,
          },
        }
      : {}),
  });
  return { app, auth, resources, monitors: definitions[1]!, alertDefinitions, configDefinitions, firstStart };
}
