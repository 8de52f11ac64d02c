import type { Command } from 'commander';
import { SEVERITIES } from '../../alerts/index.js';
import { addServerOptions, apiClientFrom, type ServerFlags } from '../api-connection.js';
import { type GlobalOptions, printLine } from '../cli-context.js';
import { UsageError } from '../exit-codes.js';
import { type AlertView, alertDetails, alertTable, type TimelineEntry } from '../format-alert.js';
import { collect, parseCount } from '../parse-options.js';

/** One page of `GET /api/alerts`. */
interface AlertPage {
  alerts: AlertView[];
  next: string | null;
}

const STATES = ['active', 'pending', 'firing', 'resolved', 'all'] as const;
const ALERT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Checks an alert id before it goes into a URL; the message says where ids come from. */
export function checkAlertId(id: string): string {
  if (!ALERT_ID.test(id)) {
    throw new UsageError(`<id> must be an alert id as \`vigia alerts list\` prints it (a UUID), got "${id}"`);
  }
  return id;
}

function oneOf(flag: string, value: string | undefined, allowed: readonly string[]): string | undefined {
  if (value !== undefined && !allowed.includes(value)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return value;
}

/** `vigia alerts list | show | ack | unack`, against a running server. */
export function registerAlertCommands(program: Command, globals: () => GlobalOptions): void {
  const alerts = addServerOptions(
    program.command('alerts').description('list and inspect alerts, acknowledge them, on a running server'),
  );
  const client = () => apiClientFrom(alerts.opts<ServerFlags>(), globals());
  const json = () => Boolean(globals().json);

  alerts
    .command('list')
    .description('alerts, newest first: active ones (pending or firing) by default')
    .option('--state <state>', `only these: ${STATES.join(', ')}`, 'active')
    .option('--severity <severity>', `only this severity: ${SEVERITIES.join(', ')}`)
    .option('--rule <name>', 'only alerts of this rule')
    .option('--service <name>', 'only alerts of this service')
    .option(
      '--match <matcher>',
      'only alerts whose labels match, e.g. \'team=~"ops|db"\' (repeatable)',
      collect,
    )
    .option('-n, --limit <n>', 'at most this many', '50')
    .option('--cursor <cursor>', 'start after this cursor (the `next` of the previous page)')
    .addHelpText(
      'after',
      '\nMatchers: name="value", name!="value", name=~"regex", name!~"regex" (quote them for the shell).\n' +
        'Example:\n  vigia alerts list --state firing --severity critical --match \'service="api"\'',
    )
    .action(async (flags) => {
      const query = {
        state: oneOf('--state', flags.state, STATES),
        severity: oneOf('--severity', flags.severity, SEVERITIES),
        rule: flags.rule,
        service: flags.service,
        match: flags.match,
        limit: parseCount('--limit', flags.limit),
        cursor: flags.cursor,
      };
      const page = await client().get<AlertPage>('/api/alerts', query);
      if (json()) {
        printLine(JSON.stringify(page));
        return;
      }
      if (!page.alerts.length) printLine(flags.state === 'active' ? 'No active alerts.' : 'No alerts.');
      else for (const line of alertTable(page.alerts)) printLine(line);
      if (page.next) printLine(`(more: --cursor ${page.next})`);
    });

  alerts
    .command('show <id>')
    .description("an alert's labels, annotations, state and timeline")
    .action(async (id: string) => {
      const alert = await client().get<AlertView & { timeline: TimelineEntry[] }>(
        `/api/alerts/${checkAlertId(id)}`,
      );
      if (json()) printLine(JSON.stringify(alert));
      else for (const line of alertDetails(alert, alert.timeline ?? [])) printLine(line);
    });

  alerts
    .command('ack <id>')
    .description('acknowledge an active alert: its escalation stops and repeats are held back')
    .option('--comment <text>', 'why, or what you are doing about it')
    .action(async (id: string, flags: { comment?: string }) => {
      const body = flags.comment === undefined ? {} : { comment: flags.comment };
      const alert = await client().post<AlertView>(`/api/alerts/${checkAlertId(id)}/ack`, body);
      if (json()) printLine(JSON.stringify(alert));
      else printLine(`Acknowledged alert ${alert.alertId} (${alert.ruleName}, ${alert.service}).`);
    });

  alerts
    .command('unack <id>')
    .description('withdraw an acknowledgement: escalation resumes')
    .action(async (id: string) => {
      const alert = await client().post<AlertView>(`/api/alerts/${checkAlertId(id)}/unack`);
      if (json()) printLine(JSON.stringify(alert));
      else
        printLine(
          `Withdrew the acknowledgement of alert ${alert.alertId} (${alert.ruleName}, ${alert.service}).`,
        );
    });
}
