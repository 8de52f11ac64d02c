export { type Access, principalOf, registerAccessControl } from './access.js';
export { buildServer, type ServerDependencies } from './app.js';
export { AuthEvents } from './auth/auth-events.js';
export { createFirstAdminToken } from './auth/bootstrap.js';
export { type Principal, ROLES, type Role, roleAllows } from './auth/principal.js';
export { type TokenInfo, TokenRegistry } from './auth/token-registry.js';
export { userResource } from './auth/users.js';
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
export { createVigiaServer, type VigiaServer } from './vigia-server.js';
