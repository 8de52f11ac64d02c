import type { Command } from 'commander';
import { REMEDIATION_PHASES } from '../../healing/index.js';
import { addServerOptions, apiClientFrom, type ServerFlags } from '../api-connection.js';
import { type GlobalOptions, printLine } from '../cli-context.js';
import { UsageError } from '../exit-codes.js';
import {
  type RemediationChain,
  type RemediationView,
  remediationDetails,
  remediationTable,
  type StepStats,
  stepStatsTable,
} from '../format-remediation.js';
import { parseCount } from '../parse-options.js';

const ALERT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Checks an alert id before it goes into a URL; the message says where ids come from. */
function checkAlertId(id: string): string {
  if (!ALERT_ID.test(id)) {
    throw new UsageError(
      `<alertId> must be an alert id as \`vigia remediations list\` prints it (a UUID), got "${id}"`,
    );
  }
  return id;
}

function checkStatus(value: string | undefined): string | undefined {
  if (value !== undefined && !(REMEDIATION_PHASES as readonly string[]).includes(value)) {
    throw new UsageError(`--status must be one of ${REMEDIATION_PHASES.join(', ')}, got "${value}"`);
  }
  return value;
}

/** `vigia remediations list | show | approve | reject | stats`, against a running server. */
export function registerRemediationCommands(program: Command, globals: () => GlobalOptions): void {
  const remediations = addServerOptions(
    program
      .command('remediations')
      .description('list and inspect remediations, answer approvals, see what healed, on a running server'),
  );
  const client = () => apiClientFrom(remediations.opts<ServerFlags>(), globals());
  const json = () => Boolean(globals().json);

  remediations
    .command('list')
    .description('remediations, newest first, with where each stands')
    .option('--status <status>', `only these: ${REMEDIATION_PHASES.join(', ')}`)
    .option(
      '--target <target>',
      'only remediations of this target (the runbook budget label, e.g. a service)',
    )
    .option('--rule <name>', 'only remediations of alerts of this rule')
    .option('-n, --limit <n>', 'at most this many', '50')
    .option('--cursor <cursor>', 'start after this cursor (the `next` of the previous page)')
    .action(async (flags) => {
      const page = await client().get<{ remediations: RemediationView[]; next: string | null }>(
        '/api/remediations',
        {
          status: checkStatus(flags.status),
          target: flags.target,
          rule: flags.rule,
          limit: parseCount('--limit', flags.limit),
          cursor: flags.cursor,
        },
      );
      if (json()) {
        printLine(JSON.stringify(page));
        return;
      }
      if (!page.remediations.length) printLine('No remediations.');
      else for (const line of remediationTable(page.remediations)) printLine(line);
      if (page.next) printLine(`(more: --cursor ${page.next})`);
    });

  remediations
    .command('show <alertId>')
    .description("an alert's remediation: where it stands, its steps, the approval it waits on, its events")
    .action(async (alertId: string) => {
      const chain = await client().get<RemediationChain>(`/api/remediations/${checkAlertId(alertId)}`);
      if (json()) printLine(JSON.stringify(chain));
      else for (const line of remediationDetails(chain)) printLine(line);
    });

  for (const decision of ['approve', 'reject'] as const) {
    remediations
      .command(`${decision} <alertId>`)
      .description(
        decision === 'approve'
          ? 'approve the step a remediation waits on (you must be a named approver)'
          : 'reject the step a remediation waits on: it goes on as its runbook says on failure',
      )
      .option('--comment <text>', 'why')
      .action(async (alertId: string, flags: { comment?: string }) => {
        const body = flags.comment === undefined ? {} : { comment: flags.comment };
        const answer = await client().post<{ alertId: string; step: string; decision: string }>(
          `/api/remediations/${checkAlertId(alertId)}/${decision}`,
          body,
        );
        if (json()) printLine(JSON.stringify(answer));
        else
          printLine(
            `${decision === 'approve' ? 'Approved' : 'Rejected'} step "${answer.step}" of the remediation of alert ${answer.alertId}.`,
          );
      });
  }

  remediations
    .command('stats')
    .description('per alert rule and step: attempts, successes, success rate, median time to heal')
    .option('--rule <name>', 'only this alert rule')
    .action(async (flags: { rule?: string }) => {
      const answer = await client().get<{ stats: StepStats[] }>('/api/healing/stats', { rule: flags.rule });
      if (json()) printLine(JSON.stringify(answer));
      else if (!answer.stats.length) printLine('No finished remediations to learn from yet.');
      else for (const line of stepStatsTable(answer.stats)) printLine(line);
    });
}
