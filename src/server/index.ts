export { type Access, principalOf, registerAccessControl } from './access.js';
export { alertListsOf, alertSettingsOf } from './alerting/alert-settings.js';
export {
  type AlertConfigLists,
  ConfigAlertsError,
  checkConfigAlerts,
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
