import type { EventStore } from '../../events/index.js';
import type { Clock } from '../../kernel/index.js';
import type { ResourceDefinition } from '../resources/resource-definition.js';
import type { ResourceStore } from '../resources/resource-store.js';
import { Accounts } from './accounts.js';
import { CredentialStore } from './credential-store.js';
import { LoginThrottle } from './login-throttle.js';
import { DEFAULT_PASSWORD_COST } from './password-hash.js';
import type { SecureCookieMode } from './session-cookie.js';
import { DEFAULT_SESSION_SETTINGS, type SessionSettings, SessionStore } from './session-store.js';
import { SetupCodes } from './setup-codes.js';
import { TokenRegistry } from './token-registry.js';

export interface AuthSettings {
  /** scrypt cost as log2(N); 17 is OWASP's recommendation. */
  passwordCost: number;
  sessions: SessionSettings;
  secureCookies: SecureCookieMode;
}

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  passwordCost: DEFAULT_PASSWORD_COST,
  sessions: DEFAULT_SESSION_SETTINGS,
  secureCookies: 'auto',
};

/** Everything that knows who is who: API tokens, users' passwords and second factors, sessions, setup codes. */
export interface AuthServices {
  tokens: TokenRegistry;
  accounts: Accounts;
  credentials: CredentialStore;
  setupCodes: SetupCodes;
  settings: AuthSettings;
}

/** Creates the auth tables and projections over a store; `users` must be started in `resources`. */
export async function startAuthServices(
  store: EventStore,
  clock: Clock,
  resources: ResourceStore,
  users: ResourceDefinition,
  settings: AuthSettings = DEFAULT_AUTH_SETTINGS,
): Promise<AuthServices> {
  const tokens = new TokenRegistry(store, clock);
  const credentials = new CredentialStore(store, clock, settings.passwordCost);
  const sessions = new SessionStore(store, clock, settings.sessions);
  const setupCodes = new SetupCodes(store, clock);
  await tokens.start();
  await credentials.start();
  await sessions.start();
  await setupCodes.start();
  const accounts = new Accounts({
    store,
    clock,
    resources,
    users,
    credentials,
    sessions,
    throttle: new LoginThrottle(clock),
  });
  return { tokens, accounts, credentials, setupCodes, settings };
}
