import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AlertService } from '../alerts/index.js';
import type { EventStore } from '../events/index.js';
import type { HealingQueries } from '../healing/index.js';
import { type Clock, type Logger, systemClock } from '../kernel/index.js';
import type { MetricsService, MonitorService } from '../monitor/index.js';
import { registerAccessControl } from './access.js';
import { auditAuthenticationFailed, auditPermissionDenied } from './auth/audit.js';
import type { AuthServices } from './auth/auth-services.js';
import { readSessionCookie } from './auth/session-cookie.js';
import { metricsRoutes } from './operations/metrics-route.js';
import { registerServerMetrics, type ServerMetrics } from './operations/server-metrics.js';
import { registerTraceContext, traceContextOptions } from './operations/trace-context.js';
import { HttpProblemError, registerProblemHandling, sendProblem, toProblem } from './problem.js';
import {
  DEFAULT_REQUEST_LIMITS,
  type RequestLimitSettings,
  RequestLimits,
} from './protection/request-limits.js';
import { registerStrictJsonParser } from './protection/strict-json.js';
import type { ResourceDefinition } from './resources/resource-definition.js';
import { resourceRoutes } from './resources/resource-routes.js';
import type { ResourceStore } from './resources/resource-store.js';
import { accountRoutes } from './routes/account.js';
import { alertDefinitionRoutes } from './routes/alert-definitions.js';
import { alertRoutes } from './routes/alerts.js';
import { configReloadRoutes, type ReloadConfig } from './routes/config-reload.js';
import { demoRoutes } from './routes/demo.js';
import { eventRoutes } from './routes/events.js';
import { healingRoutes, remediationHistoryRoutes } from './routes/healing.js';
import { healthRoutes, type WatchedConsumer } from './routes/health.js';
import { heartbeatRoutes } from './routes/heartbeat.js';
import { meRoutes } from './routes/me.js';
import { metricSampleRoutes } from './routes/metrics.js';
import { monitoringRoutes } from './routes/monitoring.js';
import { sessionRoutes } from './routes/session.js';
import { streamRoutes } from './routes/stream.js';
import { tokenRoutes } from './routes/tokens.js';
import { userCredentialRoutes } from './routes/user-credentials.js';
import { dashboardRoutes } from './web/dashboard-routes.js';

export interface ServerDependencies {
  store: EventStore;
  /** Tokens, accounts and sessions (see startAuthServices). */
  auth: AuthServices;
  logger: Logger;
  version: string;
  /** Resource kinds served with the resource pattern (users …), and their store. */
  resources: { store: ResourceStore; definitions: ResourceDefinition[] };
  /** Browser origins allowed by CORS; none (CORS off) when empty or absent. */
  corsOrigins?: string[];
  /** Rate limits and failed-authentication lockout. Defaults: DEFAULT_REQUEST_LIMITS. */
  limits?: RequestLimitSettings;
  clock?: Clock;
  /** Largest request body accepted, in bytes. Default 1 MiB. */
  bodyLimit?: number;
  /** Longest a request may take before 408. Default 30 s. */
  requestTimeoutMs?: number;
  /** The running monitors and their resource kind: serves status, uptime, latency, incidents. */
  monitoring?: { service: MonitorService; definition: ResourceDefinition };
  /** Alerting: alerts, acknowledgements, rule bands and dry runs, expiring silences. */
  alerting?: { service: AlertService; rules: ResourceDefinition; silences: ResourceDefinition };
  /** Healing: remediation chains, approvals, change markers. */
  healing?: boolean;
  /**
   * The healing read model: GET /api/remediations and /api/healing/stats (served with healing off
   * too, so history stays readable). Absent: those routes answer 503.
   */
  remediations?: HealingQueries;
  /** Pushed and scraped metrics: serves POST /api/metrics and the metric queries. */
  metricsService?: { service: MetricsService; maxSamplesPerPush?: number };
  /** Background consumers /health/ready requires to be running. */
  consumers?: ReadonlyArray<WatchedConsumer>;
  /** Prometheus registry for the server's metrics, and where GET /metrics is served. None: no metrics. */
  metrics?: ServerMetrics;
  /** Re-reads the configuration file and applies it (POST /api/config/reload); none: no such route. */
  reloadConfig?: ReloadConfig;
  /** The demo fleet's simulated services (GET /api/demo, switching faults); none: no demo routes. */
  demoServices?: ReadonlyArray<{ name: string; url: string }>;
  /** The built dashboard (`dist/web`), served at `/`; none: no dashboard. */
  dashboardRoot?: string;
}

/**
 * The HTTP server: every route declares who may call it (deny by default), validates its
 * input with its JSON schema (which also documents it in OpenAPI), and fails with RFC 9457
 * problem+json.
 */
export async function buildServer(deps: ServerDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.bodyLimit ?? 1024 * 1024,
    requestTimeout: deps.requestTimeoutMs ?? 30_000,
    connectionTimeout: 60_000,
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    ...traceContextOptions(),
    // Errors raised before routing (a URL that is not valid UTF-8 …) are problems too.
    frameworkErrors: (error, request, reply) => {
      sendProblem(reply, toProblem(new HttpProblemError(400, 'BAD_URL', error.message), request));
    },
  });
  registerStrictJsonParser(app);
  registerTraceContext(app);
  if (deps.metrics) registerServerMetrics(app, deps.store, deps.metrics);

  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
  });
  registerProblemHandling(app);
  if (deps.corsOrigins && deps.corsOrigins.length > 0) {
    // Off by default; when on, only the listed origins, and never with cookies. Registered
    // before access control so preflights are answered and refusals carry the CORS headers.
    app.addHook('onRoute', (route) => {
      if ([route.method].flat().includes('OPTIONS')) route.config = { ...route.config, access: 'public' };
    });
    await app.register(cors, {
      origin: deps.corsOrigins,
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'if-match', 'last-event-id', 'traceparent'],
      exposedHeaders: ['etag', 'location', 'retry-after', 'traceparent'],
      credentials: false,
      maxAge: 600,
    });
  }
  const { tokens, accounts } = deps.auth;
  const limits = new RequestLimits(deps.limits ?? DEFAULT_REQUEST_LIMITS, deps.clock ?? systemClock);
  registerAccessControl(app, {
    limits,
    authenticate: async (request) => {
      const header = request.headers.authorization;
      if (!header) {
        const cookie = readSessionCookie(request.headers.cookie);
        return cookie ? accounts.sessionPrincipal(cookie) : undefined;
      }
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const principal = match ? await tokens.authenticate(match[1]!) : undefined;
      if (!principal) await auditAuthenticationFailed(deps.store, request);
      return principal;
    },
    onDenied: (request, principal, required) =>
      auditPermissionDenied(deps.store, request, principal, required),
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Vigia API', version: deps.version },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
    });
    docs.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    await docs.register(swaggerUi, { routePrefix: '/api/docs' });
  });

  await app.register(healthRoutes, { store: deps.store, consumers: deps.consumers ?? [] });
  if (deps.metrics?.mode === 'token') {
    await app.register(metricsRoutes, { registry: deps.metrics.registry, access: 'operator' });
  }
  await app.register(meRoutes);
  await app.register(sessionRoutes, {
    store: deps.store,
    accounts,
    setupCodes: deps.auth.setupCodes,
    limits,
    secureCookies: deps.auth.settings.secureCookies,
  });
  await app.register(accountRoutes, { accounts, credentials: deps.auth.credentials });
  await app.register(userCredentialRoutes, { accounts, credentials: deps.auth.credentials });
  await app.register(tokenRoutes, { tokens });
  for (const definition of deps.resources.definitions) {
    await app.register(resourceRoutes, { definition, resources: deps.resources.store });
  }
  if (deps.monitoring) {
    await app.register(monitoringRoutes, {
      monitoring: deps.monitoring.service,
      resources: deps.resources.store,
      monitors: deps.monitoring.definition,
    });
    await app.register(heartbeatRoutes, { store: deps.store, monitoring: deps.monitoring.service, limits });
  }
  if (deps.metricsService) {
    await app.register(metricSampleRoutes, {
      metrics: deps.metricsService.service,
      clock: deps.clock ?? systemClock,
      maxSamplesPerPush: deps.metricsService.maxSamplesPerPush,
    });
  }
  if (deps.alerting) {
    await app.register(alertRoutes, { alerts: deps.alerting.service });
    await app.register(alertDefinitionRoutes, {
      alerts: deps.alerting.service,
      store: deps.store,
      resources: deps.resources.store,
      rules: deps.alerting.rules,
      silences: deps.alerting.silences,
      clock: deps.clock ?? systemClock,
    });
  }
  await app.register(remediationHistoryRoutes, { queries: deps.remediations });
  if (deps.healing) {
    await app.register(healingRoutes, {
      store: deps.store,
      clock: deps.clock ?? systemClock,
      queries: deps.remediations,
    });
  }
  if (deps.reloadConfig) await app.register(configReloadRoutes, { reloadConfig: deps.reloadConfig });
  await app.register(eventRoutes, { store: deps.store });
  await app.register(streamRoutes, { store: deps.store });
  if (deps.demoServices) await app.register(demoRoutes, { store: deps.store, services: deps.demoServices });
  if (deps.dashboardRoot) await app.register(dashboardRoutes, { root: deps.dashboardRoot });
  return app;
}
