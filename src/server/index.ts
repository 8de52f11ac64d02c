export { type Access, principalOf, registerAccessControl } from './access.js';
export { buildServer, type ServerDependencies } from './app.js';
export { AuthEvents } from './auth/auth-events.js';
export { createFirstAdminToken } from './auth/bootstrap.js';
export { type Principal, ROLES, type Role, roleAllows } from './auth/principal.js';
export { type TokenInfo, TokenRegistry } from './auth/token-registry.js';
export { HttpProblemError, type Problem, toProblem } from './problem.js';
export {
  DEFAULT_REQUEST_LIMITS,
  type RequestLimitSettings,
  RequestLimits,
} from './protection/request-limits.js';
