import type { Command } from 'commander';
import { parseDuration } from '../../alerts/index.js';
import { VigiaError } from '../../kernel/index.js';
import { type ApiClient, ApiError } from '../api-client.js';
import { addServerOptions, apiClientFrom, type ServerFlags } from '../api-connection.js';
import { type GlobalOptions, printLine } from '../cli-context.js';
import { UsageError } from '../exit-codes.js';
import { type BacktestView, backtestLines, type RuleView, ruleTable } from '../format-alert.js';
import { parseTime } from '../parse-options.js';
import { readDocumentFile } from '../read-document-file.js';

/** One page of a resource list route. */
interface Page<T> {
  items: T[];
  next: string | null;
}

interface TestFlags {
  file?: string;
  from: string;
  to?: string;
  step?: string;
}

/**
 * A time for `rules test`: ISO-8601, or a duration back from now (`24h` or `-24h` both mean 24 hours ago).
 */
export function parseSince(flag: string, value: string, now = Date.now()): Date {
  const back = parseDuration(value.startsWith('-') ? value.slice(1) : value);
  if (back !== undefined) return new Date(now - back);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new UsageError(
      `${flag} must be an ISO-8601 time (2026-11-22T10:00:00Z) or a duration back from now (24h, 90m, 7d), got "${value}"`,
    );
  }
  return parseTime(flag, value, now);
}

/** Every alert rule, following the `next` cursors. */
async function allRules(client: ApiClient): Promise<RuleView[]> {
  const items: RuleView[] = [];
  let after: string | undefined;
  do {
    const page: Page<RuleView> = await client.get<Page<RuleView>>('/api/alert-rules', { limit: 500, after });
    items.push(...page.items);
    after = page.next ?? undefined;
  } while (after);
  return items;
}

/** The id of the rule named `name`; NOT_FOUND when there is none. */
async function ruleIdByName(client: ApiClient, name: string): Promise<string> {
  const page = await client.get<Page<RuleView>>('/api/alert-rules', { name, limit: 1 });
  const found = page.items[0];
  if (!found) throw new VigiaError('NOT_FOUND', `no alert rule named "${name}" (see vigia rules list)`);
  return found.id;
}

/**
 * A 400 from the dry run, with every field the server named (`condition.op: must be …`) and the file the
 * rule came from; other errors pass through.
 */
function refusal(error: unknown, file: string | undefined): unknown {
  if (!(error instanceof ApiError) || error.status !== 400 || !error.fieldErrors.length) return error;
  const fields = error.fieldErrors.map((e) => `${e.field.replace(/^body\.(rule\.)?/, '')}: ${e.message}`);
  const ruleFields = error.fieldErrors.every((e) => e.field.startsWith('body.rule.'));
  const where = ruleFields && file !== undefined ? `${file === '-' ? 'standard input' : file}: ` : '';
  const what = ruleFields ? 'the rule is invalid' : 'the server refused the test';
  return new VigiaError(error.code, `${where}${what}: ${fields.join('; ')}`, { details: error.details });
}

/** `vigia rules list | test`, against a running server. */
export function registerRuleCommands(program: Command, globals: () => GlobalOptions): void {
  const rules = addServerOptions(
    program.command('rules').description('list alert rules, and dry-run them over recorded history'),
  );
  const client = () => apiClientFrom(rules.opts<ServerFlags>(), globals());
  const json = () => Boolean(globals().json);

  rules
    .command('list')
    .description('every alert rule: NAME SEVERITY KIND SERIES FOR ENABLED FROM (config or api)')
    .action(async () => {
      const items = await allRules(client());
      if (json()) printLine(JSON.stringify({ items, next: null }));
      else if (!items.length) printLine('No alert rules.');
      else for (const line of ruleTable(items)) printLine(line);
    });

  rules
    .command('test [name]')
    .description('when would a rule (stored, by name, or from --file) have fired over recorded history?')
    .option('-f, --file <file>', 'a rule document (YAML or JSON) instead of a stored rule, or - for stdin')
    .requiredOption('--from <time>', 'start: ISO-8601, or a duration back from now (24h = now - 24h)')
    .option('--to <time>', 'end: ISO-8601, or a duration back from now (default now)')
    .option(
      '--step <duration>',
      'evaluate at least this often between samples, e.g. 15s (server default 15s)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  vigia rules test cpu-high --from 24h\n  vigia rules test --file rule.yaml --from 2026-11-21T00:00:00Z --step 30s',
    )
    .action(async (name: string | undefined, flags: TestFlags) => {
      if (name !== undefined && flags.file !== undefined) {
        throw new UsageError(`Give either a rule name or --file, not both (got "${name}" and --file)`);
      }
      if (name === undefined && flags.file === undefined) {
        throw new UsageError('Give a rule name (vigia rules test cpu-high --from 24h) or --file <yaml|json>');
      }
      const now = Date.now();
      const range: Record<string, string> = { from: parseSince('--from', flags.from, now).toISOString() };
      if (flags.to !== undefined) range.to = parseSince('--to', flags.to, now).toISOString();
      if (flags.step !== undefined) {
        if (parseDuration(flags.step) === undefined) {
          throw new UsageError(`--step must be a duration such as 15s, 1m or 5m, got "${flags.step}"`);
        }
        range.step = flags.step;
      }
      const api = client();
      const body =
        flags.file !== undefined
          ? { rule: readDocumentFile(flags.file, 'alert rule', 'name, severity, condition'), ...range }
          : { ruleId: await ruleIdByName(api, name!), ...range };
      let result: BacktestView;
      try {
        result = await api.post<BacktestView>('/api/alert-rules/test', body);
      } catch (error) {
        throw refusal(error, flags.file);
      }
      if (json()) printLine(JSON.stringify(result));
      else for (const line of backtestLines(result)) printLine(line);
    });
}
