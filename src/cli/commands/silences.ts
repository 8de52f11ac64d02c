import type { Command } from 'commander';
import type { ApiClient } from '../api-client.js';
import { addServerOptions, apiClientFrom, type ServerFlags } from '../api-connection.js';
import { type GlobalOptions, printLine } from '../cli-context.js';
import { UsageError } from '../exit-codes.js';
import { type SilenceView, silenceTable } from '../format-alert.js';
import { collect, parseTime } from '../parse-options.js';

/** One page of a resource list route. */
interface Page<T> {
  items: T[];
  next: string | null;
}

const SILENCE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface AddFlags {
  match?: string[];
  duration?: string;
  endsAt?: string;
  startsAt?: string;
  comment?: string;
}

/** The body of `POST /api/silences` from the flags; the server checks the matchers and times. */
function silenceBody(flags: AddFlags): Record<string, unknown> {
  if (!flags.match?.length) {
    throw new UsageError(
      'Give at least one --match, e.g. --match \'service="api"\' (a silence must say what it mutes)',
    );
  }
  if ((flags.duration === undefined) === (flags.endsAt === undefined)) {
    throw new UsageError('Give exactly one of --duration (such as 2h) or --ends-at (an ISO-8601 time)');
  }
  if (flags.comment === undefined || flags.comment.trim() === '') {
    throw new UsageError('Give --comment <text>: why the alerts are muted');
  }
  const body: Record<string, unknown> = { matchers: flags.match, comment: flags.comment };
  if (flags.duration !== undefined) body.duration = flags.duration;
  if (flags.endsAt !== undefined) body.endsAt = parseTime('--ends-at', flags.endsAt).toISOString();
  if (flags.startsAt !== undefined) body.startsAt = parseTime('--starts-at', flags.startsAt).toISOString();
  return body;
}

/** Every silence, following the `next` cursors. */
async function allSilences(client: ApiClient): Promise<SilenceView[]> {
  const items: SilenceView[] = [];
  let after: string | undefined;
  do {
    const page: Page<SilenceView> = await client.get<Page<SilenceView>>('/api/silences', {
      limit: 500,
      after,
    });
    items.push(...page.items);
    after = page.next ?? undefined;
  } while (after);
  return items;
}

/** `vigia silences add | list | expire`, against a running server. */
export function registerSilenceCommands(program: Command, globals: () => GlobalOptions): void {
  const silences = addServerOptions(
    program.command('silences').description('mute alerts for a while: add, list and expire silences'),
  );
  const client = () => apiClientFrom(silences.opts<ServerFlags>(), globals());
  const json = () => Boolean(globals().json);

  silences
    .command('add')
    .description('mute the alerts whose labels match every --match, until --ends-at or for --duration')
    .option(
      '--match <matcher>',
      'a label matcher such as \'service="api"\' (repeatable; all must match)',
      collect,
    )
    .option('--duration <duration>', 'how long, e.g. 30m, 2h, 1d')
    .option('--ends-at <time>', 'when it ends: ISO-8601, e.g. 2026-11-22T18:00:00Z')
    .option('--starts-at <time>', 'when it starts: ISO-8601 (default now)')
    .option('--comment <text>', 'why (required)')
    .addHelpText(
      'after',
      '\nMatchers: name="value", name!="value", name=~"regex", name!~"regex" (quote them for the shell).\n' +
        'Example:\n  vigia silences add --match \'service="api"\' --duration 2h --comment "deploying api 4.2"',
    )
    .action(async (flags: AddFlags) => {
      const created = await client().post<SilenceView>('/api/silences', silenceBody(flags));
      if (json()) printLine(JSON.stringify(created));
      else
        printLine(
          `Added silence ${created.id}: ${created.matchers.join(', ')} from ${created.startsAt} until ${created.endsAt}.`,
        );
    });

  silences
    .command('list')
    .description('silences not ended yet (pending or active); with --all, ended ones too')
    .option('--all', 'also list silences that have ended')
    .action(async (flags: { all?: boolean }) => {
      const now = Date.now();
      const items = (await allSilences(client())).filter((s) => flags.all || Date.parse(s.endsAt) > now);
      if (json()) {
        printLine(JSON.stringify({ items, next: null }));
        return;
      }
      if (!items.length)
        printLine(flags.all ? 'No silences.' : 'No pending or active silences (--all lists ended ones).');
      else for (const line of silenceTable(items, now)) printLine(line);
    });

  silences
    .command('expire <id>')
    .description('end a silence now (it stays in the history)')
    .action(async (id: string) => {
      if (!SILENCE_ID.test(id)) {
        throw new UsageError(
          `<id> must be a silence id as \`vigia silences list\` prints it (a UUID), got "${id}"`,
        );
      }
      const expired = await client().post<SilenceView>(`/api/silences/${id}/expire`);
      if (json()) printLine(JSON.stringify(expired));
      else printLine(`Silence ${expired.id} expired at ${expired.endsAt}.`);
    });
}
