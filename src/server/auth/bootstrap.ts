import { HttpProblemError } from '../problem.js';
import type { Accounts } from './accounts.js';
import type { SetupCodes } from './setup-codes.js';
import type { TokenRegistry } from './token-registry.js';

const SETUP_CODE_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** What the first start created: the admin user, and the one-time code that sets its password. */
export interface FirstStart {
  userName: string;
  setupCode: string;
}

/**
 * First start on an empty data directory: there is no default password, so Vigia creates
 * the user `admin` with no password and a one-time setup code, valid 24 hours, to be shown
 * once on the console. Returns undefined when users or tokens exist already.
 */
export async function prepareFirstStart(
  accounts: Accounts,
  setupCodes: SetupCodes,
  tokens: TokenRegistry,
): Promise<FirstStart | undefined> {
  if ((await accounts.hasUsers()) || !(await tokens.isEmpty())) return undefined;
  const metadata = { actor: 'system:first-start' };
  let admin: { id: string };
  try {
    admin = await accounts.createUser(
      { name: 'admin', displayName: 'Administrator', role: 'admin' },
      metadata,
    );
  } catch (error) {
    // Several instances starting at once on one database: another one made the admin (and shows its code).
    if (error instanceof HttpProblemError && error.status === 409 && (await accounts.hasUsers()))
      return undefined;
    throw error;
  }
  const setupCode = await setupCodes.issue(admin.id, SETUP_CODE_LIFETIME_MS, metadata);
  return { userName: 'admin', setupCode };
}
