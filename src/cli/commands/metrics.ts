import type { Command } from 'commander';
import { VigiaError } from '../../kernel/index.js';
import { METRIC_AGGREGATES } from '../../monitor/index.js';
import { ApiError } from '../api-client.js';
import { addServerOptions, apiClientFrom, type ServerFlags } from '../api-connection.js';
import { type GlobalOptions, printLine } from '../cli-context.js';
import { UsageError } from '../exit-codes.js';
import { cell, formatTable } from '../format-table.js';
import { collect, parseCount, parseLabels, parseTime, readJsonFile } from '../parse-options.js';

/** Why the server refused one sample of a push. */
interface RejectedSample {
  index: number;
  reason: string;
}

/** The answer to `POST /api/metrics`. */
interface PushResult {
  accepted: number;
  rejected: RejectedSample[];
}

/** One series of `GET /api/metrics/query`. */
interface QuerySeries {
  key: string;
  name: string;
  labels: Record<string, string>;
  points: Array<{
    t: string | number;
    value: number | null;
    count: number;
    min: number | null;
    max: number | null;
  }>;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SHOWN_REJECTIONS = 10;

function parseValue(value: string): number {
  const n = Number(value);
  if (!DECIMAL.test(value) || !Number.isFinite(n)) {
    throw new UsageError(`<value> must be a finite number such as 42 or 0.25, got "${value}"`);
  }
  return n;
}

/** One rejection, naming its sample once (the server's reasons usually start with `samples[i]`). */
function rejectionText(rejected: RejectedSample): string {
  return rejected.reason.startsWith(`samples[${rejected.index}]`)
    ? rejected.reason
    : `sample ${rejected.index}: ${rejected.reason}`;
}

/** `samples[0].name: reason; samples[3].value: reason …`, the first few of them. */
function describeRejected(rejected: readonly RejectedSample[]): string {
  const shown = rejected.slice(0, SHOWN_REJECTIONS).map(rejectionText);
  if (rejected.length > SHOWN_REJECTIONS) shown.push(`… and ${rejected.length - SHOWN_REJECTIONS} more`);
  return shown.join('; ');
}

/** The body of a push: the --file (a samples body, or a bare list of samples), or one sample from arguments. */
function pushBody(
  name: string | undefined,
  value: string | undefined,
  flags: { file?: string; label?: string[]; timestamp?: string },
): { samples: unknown[] } {
  if (flags.file !== undefined) {
    if (name !== undefined || flags.label?.length || flags.timestamp !== undefined) {
      throw new UsageError('Use either --file or <name> <value> [--label] [--timestamp], not both');
    }
    const parsed = readJsonFile('--file', flags.file);
    if (Array.isArray(parsed)) return { samples: parsed };
    const samples = (parsed as { samples?: unknown } | null)?.samples;
    if (!Array.isArray(samples)) {
      throw new UsageError('--file must hold {"samples":[{"name":…,"value":…}, …]} or a list of samples');
    }
    return parsed as { samples: unknown[] };
  }
  if (name === undefined || value === undefined) {
    throw new UsageError('Give <name> <value> (e.g. vigia metrics push queue_depth 17), or --file <json>');
  }
  const sample: Record<string, unknown> = { name, value: parseValue(value) };
  const labels = parseLabels('--label', flags.label);
  if (Object.keys(labels).length) sample.labels = labels;
  if (flags.timestamp !== undefined)
    sample.timestamp = parseTime('--timestamp', flags.timestamp).toISOString();
  return { samples: [sample] };
}

function timeCell(t: string | number): string {
  return typeof t === 'number' ? new Date(t).toISOString() : t;
}

/** `vigia metrics push | query`, against a running server. */
export function registerMetricCommands(program: Command, globals: () => GlobalOptions): void {
  const metrics = addServerOptions(
    program.command('metrics').description('push metric samples to a running server, and query them'),
  );
  const client = () => apiClientFrom(metrics.opts<ServerFlags>(), globals());
  const json = () => Boolean(globals().json);

  metrics
    .command('push [name] [value]')
    .description('push one sample, or a file of them; exits 2 when any sample was rejected')
    .option('--label <key=value>', 'a label of the sample (repeatable)', collect)
    .option('--timestamp <time>', 'when it was observed: ISO-8601 or relative (-30s, -5m); default now')
    .option('-f, --file <file>', 'a JSON body {"samples":[…]}, or - for stdin')
    .addHelpText(
      'after',
      '\nExample:\n  vigia metrics push queue_depth 17 --label queue=orders --label region=eu',
    )
    .action(async (name: string | undefined, value: string | undefined, flags) => {
      const body = pushBody(name, value, flags);
      let result: PushResult;
      try {
        result = await client().post<PushResult>('/api/metrics', body);
      } catch (error) {
        const rejected = error instanceof ApiError ? error.details.rejected : undefined;
        if (!(error instanceof ApiError) || !Array.isArray(rejected)) throw error;
        // The server's detail repeats only the first reason; list them all, by sample.
        const message = `none of the ${rejected.length} sample(s) was kept: ${describeRejected(rejected)}`;
        throw new VigiaError('VALIDATION_FAILED', message, {
          details: error.details,
        });
      }
      if (json()) printLine(JSON.stringify(result));
      else {
        printLine(`Accepted ${result.accepted} sample(s).`);
        for (const r of result.rejected) printLine(`Rejected ${rejectionText(r)}`);
      }
      if (result.rejected.length) {
        throw new VigiaError(
          'VALIDATION_FAILED',
          `${result.rejected.length} of ${body.samples.length} sample(s) rejected: ${describeRejected(result.rejected)}`,
        );
      }
    });

  metrics
    .command('query <name>')
    .description('points of a metric per series: one value per step, aggregated')
    .option('--label <key=value>', 'only series with this label value (repeatable)', collect)
    .option('--from <time>', 'start: ISO-8601 or relative (-15m, -2h, -7d)', '-1h')
    .option('--to <time>', 'end: ISO-8601 or relative (default now)')
    .option('--step <minutes>', 'minutes per point', '1')
    .option('--aggregate <how>', `how a step's samples combine: ${METRIC_AGGREGATES.join(', ')}`, 'mean')
    .action(async (name: string, flags) => {
      const now = Date.now();
      if (!(METRIC_AGGREGATES as readonly string[]).includes(flags.aggregate)) {
        throw new UsageError(
          `--aggregate must be one of ${METRIC_AGGREGATES.join(', ')}, got "${flags.aggregate}"`,
        );
      }
      const labels = parseLabels('--label', flags.label);
      const query = {
        name,
        label: Object.entries(labels).map(([key, value]) => `${key}=${value}`),
        from: parseTime('--from', flags.from, now).toISOString(),
        to: flags.to === undefined ? undefined : parseTime('--to', flags.to, now).toISOString(),
        stepMinutes: parseCount('--step', flags.step),
        aggregate: flags.aggregate,
      };
      const result = await client().get<{ series: QuerySeries[] }>('/api/metrics/query', query);
      if (json()) {
        printLine(JSON.stringify(result));
        return;
      }
      if (!result.series.length) printLine(`No samples of ${name} in that time range.`);
      result.series.forEach((series, index) => {
        if (index > 0) printLine('');
        printLine(series.key);
        const rows = series.points.map((p) => [
          timeCell(p.t),
          cell(p.value),
          cell(p.count),
          cell(p.min),
          cell(p.max),
        ]);
        for (const line of formatTable(
          ['TIME', flags.aggregate.toUpperCase(), 'COUNT', 'MIN', 'MAX'],
          rows,
        )) {
          printLine(`  ${line}`);
        }
      });
    });
}
