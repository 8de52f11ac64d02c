import type { VigiaConfig } from '../kernel/index.js';
import type { VigiaServerOptions } from '../server/index.js';

/** The server settings of the configuration, in the shape createVigiaServer takes. */
export function serverSettingsFrom(
  config: VigiaConfig,
): Pick<VigiaServerOptions, 'corsOrigins' | 'limits' | 'bodyLimit' | 'requestTimeoutMs' | 'authSettings'> {
  const { rateLimits } = config.server;
  return {
    corsOrigins: config.server.corsOrigins,
    bodyLimit: config.server.bodyLimitBytes,
    requestTimeoutMs: config.server.requestTimeoutMs,
    limits: {
      perTokenPerSecond: rateLimits.perTokenPerSecond,
      perIpPerSecond: rateLimits.perIpPerSecond,
      burst: rateLimits.burst,
      failedAuthLimit: rateLimits.failedAuthLimit,
      failedAuthWindowMs: rateLimits.failedAuthWindowSeconds * 1000,
    },
    authSettings: authSettingsFrom(config),
  };
}

/** The auth settings of the configuration (shared by `up` and `users`). */
export function authSettingsFrom(config: VigiaConfig): NonNullable<VigiaServerOptions['authSettings']> {
  return {
    passwordCost: config.auth.passwordCost,
    secureCookies: config.auth.secureCookies,
    sessions: {
      idleTimeoutMs: config.auth.sessionIdleMinutes * 60_000,
      maxLifetimeMs: config.auth.sessionMaxDays * 86_400_000,
    },
  };
}
