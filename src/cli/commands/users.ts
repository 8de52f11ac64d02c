import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { EventMetadata, EventStore } from '../../events/index.js';
import { systemClock } from '../../kernel/index.js';
import {
  type Accounts,
  passwordProblem,
  ROLES,
  type Role,
  startAccounts,
  type UserDoc,
} from '../../server/index.js';
import { configFrom, type GlobalOptions, printLine, withStore } from '../cli-context.js';
import { UsageError } from '../exit-codes.js';
import { readNewPassword } from '../read-password.js';
import { authSettingsFrom } from '../server-settings.js';

/** Changes made from the CLI name the operating-system user who ran it. */
function cliMetadata(): EventMetadata {
  let who = 'unknown';
  try {
    who = userInfo().username;
  } catch {
    // No passwd entry (some containers): keep "unknown".
  }
  return { actor: `cli:${who}`, userAgent: 'vigia-cli' };
}

async function withAccounts<T>(options: GlobalOptions, work: (accounts: Accounts) => Promise<T>): Promise<T> {
  const config = configFrom(options);
  return withStore(options, async (store: EventStore) => {
    const { auth } = await startAccounts(store, systemClock, authSettingsFrom(config));
    return work(auth.accounts);
  });
}

function parseRole(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) {
    throw new UsageError(`--role must be one of ${ROLES.join(', ')}, not "${value}"`);
  }
  return value as Role;
}

/** `vigia users create | passwd | list`: manage users on this machine's data directory. */
export function registerUserCommands(program: Command, globals: () => GlobalOptions): void {
  const users = program.command('users').description('manage the users who log in to the dashboard');

  users
    .command('list')
    .description('list users (name, role, state)')
    .action(async () => {
      const json = globals().json;
      await withAccounts(globals(), async (accounts) => {
        for (const user of await accounts.listUsers()) {
          const doc = user.doc as unknown as UserDoc;
          const state = doc.disabled ? 'disabled' : 'active';
          if (json) printLine(JSON.stringify({ id: user.id, ...doc, disabled: Boolean(doc.disabled) }));
          else printLine(`${doc.name.padEnd(24)} ${doc.role.padEnd(9)} ${state.padEnd(9)} ${user.id}`);
        }
      });
    });

  users
    .command('create <name>')
    .description('create a user and set their password')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--display-name <text>', 'name shown in the dashboard')
    .option('--password-stdin', 'read the password from stdin instead of asking')
    .action(async (name: string, flags: { role: string; displayName?: string; passwordStdin?: boolean }) => {
      const role = parseRole(flags.role);
      const password = await readNewPassword(flags.passwordStdin);
      const refused = passwordProblem(password, name);
      if (refused) throw new UsageError(`The password ${refused}; no user was created`);
      await withAccounts(globals(), async (accounts) => {
        const doc: UserDoc = { name, role };
        if (flags.displayName) doc.displayName = flags.displayName;
        const metadata = cliMetadata();
        const created = await accounts.createUser(doc, metadata);
        await accounts.setPassword(created.id, password, metadata);
        printLine(`Created ${role} "${name}" (${created.id}).`);
      });
    });

  users
    .command('passwd <name>')
    .description("set a user's password (their sessions end)")
    .option('--password-stdin', 'read the password from stdin instead of asking')
    .action(async (name: string, flags: { passwordStdin?: boolean }) => {
      await withAccounts(globals(), async (accounts) => {
        const user = await accounts.findByName(name);
        if (!user) throw new UsageError(`No user named "${name}" (see vigia users list)`);
        const password = await readNewPassword(flags.passwordStdin);
        await accounts.setPassword(user.id, password, cliMetadata());
        printLine(`Password of "${name}" set; their sessions have ended.`);
      });
    });
}
