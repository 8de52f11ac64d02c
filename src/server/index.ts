export { type Access, principalOf, registerAccessControl } from './access.js';
export { alertListsOf, alertSettingsOf } from './alerting/alert-settings.js';
export {
  type AlertConfigLists,
  ConfigAlertsError,
  checkConfigAlerts,
  checkConfigAlertsOffline,
  describeAlertProblem,
  syncConfigAlerts,
} from './alerting/config-alerts.js';
export { alertPreflight } from './alerting/config-alerts-preflight.js';
export { DEFAULT_RULES } from './alerting/default-rules.js';
export { buildServer, type ServerDependencies } from './app.js';
export { Accounts, type LoggedIn, type UserDoc } from './auth/accounts.js';
export { AuthEvents } from './auth/auth-events.js';
export {
  type AuthServices,
  type AuthSettings,
  DEFAULT_AUTH_SETTINGS,
  startAuthServices,
} from './auth/auth-services.js';
export { type FirstStart, prepareFirstStart } from './auth/bootstrap.js';
export { DEFAULT_PASSWORD_COST, passwordProblem } from './auth/password-hash.js';
export {
  type Principal,
  ROLES,
  type Role,
  roleAllows,
  type SessionPrincipal,
  type TokenPrincipal,
} from './auth/principal.js';
export { SESSION_COOKIE, type SecureCookieMode } from './auth/session-cookie.js';
export { DEFAULT_SESSION_SETTINGS, type SessionSettings } from './auth/session-store.js';
export { TOKEN_CACHE_TTL_MS, type TokenInfo, TokenRegistry } from './auth/token-registry.js';
export { totpCode, totpStep } from './auth/totp.js';
export { userResource } from './auth/users.js';
export {
  ChaosLoop,
  type ChaosLoopOptions,
  type ChaosTickOutcome,
  DEFAULT_CHAOS_FIRST_DELAY_MS,
  DEFAULT_CHAOS_INTERVAL_MS,
  startChaosLoop,
} from './demo/chaos-loop.js';
export {
  DEMO_LABEL,
  DEMO_RECEIVER,
  DEMO_ROUTE,
  DEMO_RULES,
  type DemoAlertRuleDocument,
  type DemoDefinitions,
  type DemoMonitorDocument,
  type DemoReceiverDocument,
  type DemoRouteDocument,
  type DemoRunbookDocument,
  type DemoServiceAddress,
  demoDefinitions,
  demoMonitorName,
  demoRunbookName,
} from './demo/demo-definitions.js';
export {
  activeDemoFault,
  DEMO_FAULT_NAMES,
  DEMO_FAULTS,
  type DemoFaultName,
  isDemoFaultName,
} from './demo/demo-faults.js';
export { demoSimulatorFleet } from './demo/demo-fleet.js';
export {
  DEMO_FLEET_FILE,
  type DemoFleetFile,
  DemoNotRunningError,
  demoFleetFilePath,
  parseDemoFleetFile,
  readDemoFleetFile,
  removeDemoFleetFile,
  writeDemoFleetFile,
} from './demo/demo-fleet-file.js';
export { type RunningDemo, startDemo } from './demo/demo-runtime.js';
export { type DemoLogReceiver, startDemoLogReceiver } from './demo/log-receiver.js';
export { isLoopbackAddress, loopbackUrlProblem } from './demo/loopback-url.js';
export { seededRandom } from './demo/seeded-random.js';
export {
  readFaults,
  resetFaults,
  SIMULATOR_REQUEST_TIMEOUT_MS,
  SimulatorUnavailableError,
  switchFaults,
} from './demo/simulator-client.js';
export {
  type ConfigEntryError,
  ConfigMonitorsError,
  type ConfigSyncReport,
  type ConfigSyncSource,
  describeEntryError,
  syncConfigMonitors,
  validateConfigMonitors,
} from './monitoring/config-monitors.js';
export {
  CONFIG_FILE_LABEL,
  MANAGED_BY_CONFIG,
  MANAGED_BY_LABEL,
} from './monitoring/config-ownership.js';
export {
  type AlertConfigSync,
  CONFIG_RELOAD_STREAM,
  ConfigEvents,
  type ConfigProblem,
  ConfigReloader,
  type ConfigReloaderOptions,
  type ConfigReloadOutcome,
  type ConfigReloadTrigger,
  describeConfigProblem,
  type LoadedMonitorConfig,
} from './monitoring/config-reloader.js';
export { closeGracefully } from './operations/close-gracefully.js';
export {
  type MetricsListener,
  type MetricsListenerOptions,
  startMetricsListener,
} from './operations/metrics-listener.js';
export type { MetricsMode, ServerMetrics } from './operations/server-metrics.js';
export { traceOf } from './operations/trace-context.js';
export { formatTraceparent, parseTraceparent, type RequestTrace } from './operations/traceparent.js';
export { HttpProblemError, type Problem, toProblem } from './problem.js';
export {
  DEFAULT_REQUEST_LIMITS,
  type RequestLimitSettings,
  RequestLimits,
} from './protection/request-limits.js';
export {
  type ObjectSchema,
  type ResourceDefinition,
  resourceStream,
} from './resources/resource-definition.js';
export { type ListOptions, ResourceStore, type ResourceView } from './resources/resource-store.js';
export type { WatchedConsumer } from './routes/health.js';
export {
  createVigiaServer,
  knownSeriesOf,
  startAccounts,
  type VigiaServer,
  type VigiaServerOptions,
} from './vigia-server.js';
export { builtDashboard } from './web/dashboard-routes.js';
