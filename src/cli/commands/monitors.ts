import type { Command } from 'commander';
import { VigiaError } from '../../kernel/index.js';
import { type ApiClient, ApiError, type QueryValue } from '../api-client.js';
import { addServerOptions, apiClientFrom, type ServerFlags } from '../api-connection.js';
import { type GlobalOptions, printLine } from '../cli-context.js';
import { UsageError } from '../exit-codes.js';
import {
  type MonitorStatusView,
  type MonitorView,
  monitorDetails,
  monitorTable,
  statusTable,
} from '../format-monitor.js';
import { collect, parseCount, parseLabels } from '../parse-options.js';
import { readDocumentFile } from '../read-document-file.js';

/** One page of a list route. */
interface Page<T> {
  items: T[];
  next: string | null;
}

const MONITOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The flags of `monitors add` that build a document (the common case, without --file). */
interface AddFlags {
  file?: string;
  name?: string;
  service?: string;
  kind?: string;
  url?: string;
  host?: string;
  port?: string;
  hostname?: string;
  interval?: string;
  group?: string;
  label?: string[];
  paused?: boolean;
}

const DOCUMENT_FLAGS: ReadonlyArray<[keyof AddFlags, string]> = [
  ['name', '--name'],
  ['service', '--service'],
  ['kind', '--kind'],
  ['url', '--url'],
  ['host', '--host'],
  ['port', '--port'],
  ['hostname', '--hostname'],
  ['interval', '--interval'],
  ['group', '--group'],
  ['label', '--label'],
  ['paused', '--paused'],
];

/** The document `monitors add` sends: the file, or one built from flags (the server checks it). */
function monitorDocument(flags: AddFlags): Record<string, unknown> {
  const given = DOCUMENT_FLAGS.filter(([key]) => flags[key] !== undefined).map(([, flag]) => flag);
  if (flags.file !== undefined) {
    if (given.length)
      throw new UsageError(`Use either --file or flags, not both (got --file and ${given.join(', ')})`);
    return readDocumentFile(flags.file, 'monitor', 'name, kind, service');
  }
  if (!given.length) throw new UsageError('Give --file <yaml|json>, or flags: --name, --service, --url …');
  const doc: Record<string, unknown> = { kind: flags.kind ?? 'http' };
  if (flags.name !== undefined) doc.name = flags.name;
  if (flags.service !== undefined) doc.service = flags.service;
  if (flags.url !== undefined) doc.url = flags.url;
  if (flags.host !== undefined) doc.host = flags.host;
  if (flags.port !== undefined) doc.port = parseCount('--port', flags.port);
  if (flags.hostname !== undefined) doc.hostname = flags.hostname;
  if (flags.interval !== undefined) doc.intervalSeconds = parseCount('--interval', flags.interval);
  if (flags.group !== undefined) doc.group = flags.group;
  if (flags.label?.length) doc.labels = parseLabels('--label', flags.label);
  if (flags.paused) doc.paused = true;
  return doc;
}

/** Finds a monitor by id, or by name when the argument is not a known id. */
async function findMonitor(client: ApiClient, idOrName: string): Promise<MonitorView> {
  if (MONITOR_ID.test(idOrName)) {
    try {
      return await client.get<MonitorView>(`/api/monitors/${idOrName}`);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
    }
  }
  const page = await client.get<Page<MonitorView>>('/api/monitors', { name: idOrName, limit: 1 });
  const found = page.items[0];
  if (!found) {
    throw new VigiaError(
      'NOT_FOUND',
      `no monitor with the id or name "${idOrName}" (see vigia monitors list)`,
    );
  }
  return found;
}

/** Reads one page of a list route, or every page when `all` is set. */
async function readPages<T>(
  client: ApiClient,
  path: string,
  query: Record<string, QueryValue>,
  all: boolean,
): Promise<Page<T>> {
  const first = await client.get<Page<T>>(path, query);
  if (!all) return first;
  const items = [...first.items];
  let next = first.next;
  while (next) {
    const page: Page<T> = await client.get<Page<T>>(path, { ...query, after: next });
    items.push(...page.items);
    next = page.next;
  }
  return { items, next: null };
}

/** `vigia monitors list | show | add | pause | resume | check-now`, against a running server. */
export function registerMonitorCommands(program: Command, globals: () => GlobalOptions): void {
  const monitors = addServerOptions(
    program
      .command('monitors')
      .description('list, inspect, add, pause and check monitors on a running server'),
  );
  const client = () => apiClientFrom(monitors.opts<ServerFlags>(), globals());
  const json = () => Boolean(globals().json);

  monitors
    .command('list')
    .description('list monitor definitions, or their current status with --status')
    .option('--service <name>', 'only monitors of this service')
    .option('--kind <kind>', 'only monitors of this kind (http, tcp, dns, tls, heartbeat)')
    .option('--group <name>', 'only monitors of this group')
    .option(
      '--status <status>',
      'list current statuses instead, only these: up, down, degraded, paused, unknown',
    )
    .option('-n, --limit <n>', 'at most this many per page', '50')
    .option('--after <cursor>', 'start after this cursor (the `next` of the previous page)')
    .option('--all', 'follow `next` and list every page')
    .action(async (flags) => {
      const limit = parseCount('--limit', flags.limit);
      const paging = { limit, after: flags.after, service: flags.service };
      const api = client();
      if (flags.status !== undefined) {
        if (flags.kind !== undefined || flags.group !== undefined) {
          throw new UsageError('--status combines with --service only, not with --kind or --group');
        }
        const page = await readPages<MonitorStatusView>(
          api,
          '/api/status/monitors',
          { ...paging, status: flags.status },
          Boolean(flags.all),
        );
        if (json()) printLine(JSON.stringify(page));
        else printPage(statusTable(page.items), page.next);
        return;
      }
      const query = { ...paging, kind: flags.kind, group: flags.group };
      const page = await readPages<MonitorView>(api, '/api/monitors', query, Boolean(flags.all));
      if (json()) printLine(JSON.stringify(page));
      else printPage(monitorTable(page.items), page.next);
    });

  monitors
    .command('show <id-or-name>')
    .description("a monitor's definition, status and uptime (24 h, 7 d, 30 d)")
    .action(async (idOrName: string) => {
      const api = client();
      const monitor = await findMonitor(api, idOrName);
      let status: MonitorStatusView | null = null;
      try {
        status = await api.get<MonitorStatusView>(`/api/monitors/${monitor.id}/status`);
      } catch (error) {
        // A monitor that has not been checked yet has no status: that is an answer, not a failure.
        if (!(error instanceof ApiError && error.status === 404)) throw error;
      }
      if (json()) printLine(JSON.stringify({ monitor, status }));
      else for (const line of monitorDetails(monitor, status)) printLine(line);
    });

  monitors
    .command('add')
    .description('add a monitor from a YAML or JSON file, or from flags for the common case')
    .option('-f, --file <file>', 'one monitor document (YAML or JSON), or - for stdin')
    .option('--name <name>', 'unique name, e.g. shop-home')
    .option('--service <name>', 'the service it watches, e.g. shop')
    .option('--kind <kind>', 'http, tcp, dns, tls or heartbeat (default http)')
    .option('--url <url>', 'the URL an http monitor requests')
    .option('--host <host>', 'the host a tcp or tls monitor connects to')
    .option('--port <port>', 'the port a tcp or tls monitor connects to')
    .option('--hostname <name>', 'the name a dns monitor resolves')
    .option('--interval <seconds>', 'seconds between checks (server default 60)')
    .option('--group <name>', 'the group it belongs to')
    .option('--label <key=value>', 'a label (repeatable)', collect)
    .option('--paused', 'add it paused')
    .addHelpText(
      'after',
      '\nThe server checks the document and names each wrong field. Example:\n' +
        '  vigia monitors add --name shop-home --service shop --url https://shop.example.org/ --interval 30',
    )
    .action(async (flags: AddFlags) => {
      const doc = monitorDocument(flags);
      const created = await client().post<MonitorView>('/api/monitors', doc);
      if (json()) printLine(JSON.stringify(created));
      else
        printLine(`Added ${created.kind} monitor "${created.name}" of ${created.service} (${created.id}).`);
    });

  for (const action of ['pause', 'resume'] as const) {
    monitors
      .command(`${action} <id-or-name>`)
      .description(
        action === 'pause'
          ? 'stop checking a monitor (its status becomes paused)'
          : 'check a paused monitor again',
      )
      .action(async (idOrName: string) => {
        const api = client();
        const monitor = await findMonitor(api, idOrName);
        const result = await api.post<{ id: string; version: number; paused: boolean }>(
          `/api/monitors/${monitor.id}/${action}`,
        );
        if (json()) printLine(JSON.stringify(result));
        else {
          const done = action === 'pause' ? 'paused' : 'resumed';
          const already =
            result.version === monitor.version
              ? ` (it was ${action === 'pause' ? 'paused' : 'active'} already)`
              : '';
          printLine(`Monitor "${monitor.name}" ${done}${already}.`);
        }
      });
  }

  monitors
    .command('check-now <id-or-name>')
    .description('check a monitor now (after the check that is running, if one is)')
    .action(async (idOrName: string) => {
      const api = client();
      const monitor = await findMonitor(api, idOrName);
      const result = await api.post<{ accepted: boolean }>(`/api/monitors/${monitor.id}/check`);
      if (json()) printLine(JSON.stringify(result));
      else printLine(`Check of "${monitor.name}" queued; see \`vigia monitors show ${monitor.name}\`.`);
    });
}

function printPage(lines: string[], next: string | null): void {
  for (const line of lines) printLine(line);
  if (next) printLine(`(more: --after ${next}, or --all)`);
}
