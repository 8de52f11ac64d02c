import type { Command } from 'commander';
import {
  type AppendResult,
  catchUpSubscription,
  type EventToAppend,
  type LogCheckpoint,
  type LogFilter,
  type RecordedEvent,
} from '../../events/index.js';
import { type GlobalOptions, printLine, withStore } from '../cli-context.js';
import { UsageError } from '../exit-codes.js';
import { eventToJson, eventToText } from '../format-event.js';
import {
  collect,
  parseCount,
  parseExpectedVersion,
  parseJson,
  parseTime,
  readJsonFile,
} from '../parse-options.js';

interface FilterFlags {
  type?: string[];
  streamPrefix?: string[];
  since?: string;
  until?: string;
}

function filterFrom(flags: FilterFlags): LogFilter {
  const filter: LogFilter = {};
  if (flags.type?.length) filter.typePrefixes = flags.type;
  if (flags.streamPrefix?.length) filter.streamPrefixes = flags.streamPrefix;
  if (flags.since) filter.fromTime = parseTime('--since', flags.since);
  if (flags.until) filter.toTime = parseTime('--until', flags.until);
  return filter;
}

function addFilterFlags(command: Command): Command {
  return command
    .option('--type <prefix>', 'only event types starting with this (repeatable)', collect)
    .option('--stream-prefix <prefix>', 'only streams starting with this (repeatable)', collect)
    .option('--since <time>', 'only events at or after this time (ISO-8601, or -15m, -2h, -7d)')
    .option('--until <time>', 'only events before this time');
}

function print(event: RecordedEvent, json: boolean | undefined): void {
  printLine(json ? eventToJson(event) : eventToText(event));
}

/** Turns the --file or --type/--data flags into the events to append. */
function eventsFromFlags(flags: {
  file?: string;
  type?: string;
  data?: string;
  metadata?: string;
  id?: string;
}): EventToAppend[] {
  if (flags.file) {
    if (flags.type || flags.data) throw new UsageError('Use either --file or --type/--data, not both');
    const parsed = readJsonFile('--file', flags.file);
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return list.map((item, index) => {
      if (typeof item !== 'object' || item === null) {
        throw new UsageError(`--file: item ${index} must be an object with type and data`);
      }
      return item as EventToAppend;
    });
  }
  if (!flags.type) throw new UsageError('--type is required (or give --file with a JSON array of events)');
  const event: EventToAppend = {
    type: flags.type,
    data: flags.data === undefined ? {} : parseJson('--data', flags.data),
  };
  if (flags.metadata !== undefined)
    event.metadata = parseJson('--metadata', flags.metadata) as EventToAppend['metadata'];
  if (flags.id) event.id = flags.id;
  return [event];
}

/** `vigia events append | read | tail | stats`. */
export function registerEventCommands(program: Command, globals: () => GlobalOptions): void {
  const events = program.command('events').description('append to, read and follow the event log');

  events
    .command('append')
    .description('append events to a stream')
    .argument('<stream>', 'stream id, e.g. order-42')
    .option('-t, --type <type>', 'event type, e.g. order.placed')
    .option('-d, --data <json>', 'event data as JSON (default {})')
    .option('-m, --metadata <json>', 'event metadata as JSON')
    .option('--id <uuid>', 'event id, for an idempotent retry (default: a new UUIDv7)')
    .option('-f, --file <path>', 'read a JSON event or array of events from a file, or - for stdin')
    .option('-e, --expected-version <v>', 'any | no-stream | exists | <number>', 'any')
    .action(async (stream: string, flags) => {
      const toAppend = eventsFromFlags(flags);
      const expectedVersion = parseExpectedVersion(flags.expectedVersion);
      const result: AppendResult = await withStore(globals(), (store) =>
        store.appendToStream(stream, toAppend, { expectedVersion }),
      );
      if (globals().json) printLine(JSON.stringify(result));
      else {
        const what = result.duplicate ? 'already stored (idempotent retry)' : 'appended';
        printLine(
          `${result.positions.length} event(s) ${what}: ${stream}@${result.nextExpectedVersion}, positions ${result.positions.join(', ')}`,
        );
      }
    });

  addFilterFlags(
    events
      .command('read')
      .description('read a stream, or the global log with filters')
      .option('-s, --stream <id>', 'read this stream instead of the global log')
      .option('--from-version <n>', 'first stream version to read (with --stream)')
      .option('--backward', 'read the stream newest first (with --stream)')
      .option('--after <position>', 'read the global log after this position')
      .option('-n, --limit <n>', 'at most this many events', '100'),
  ).action(async (flags) => {
    const limit = parseCount('--limit', flags.limit);
    await withStore(globals(), async (store) => {
      if (flags.stream) {
        const fromVersion =
          flags.fromVersion === undefined ? undefined : parseCount('--from-version', flags.fromVersion);
        const list = await store.readStream(flags.stream, {
          direction: flags.backward ? 'backward' : 'forward',
          fromVersion,
          maxCount: limit,
        });
        for (const event of list) print(event, globals().json);
        return;
      }
      const after: LogCheckpoint = {
        position: flags.after === undefined ? 0 : parseCount('--after', flags.after),
      };
      for await (const event of store.readAll({ after, filter: filterFrom(flags), maxCount: limit })) {
        print(event, globals().json);
      }
    });
  });

  addFilterFlags(
    events
      .command('tail')
      .description('print new events as they are appended, until Ctrl-C')
      .option('--after <position>', 'start after this position (default: the current end of the log)')
      .option('--from-start', 'start at the beginning of the log'),
  ).action(async (flags) => {
    const filter = filterFrom(flags);
    await withStore(globals(), async (store) => {
      const controller = new AbortController();
      const stop = () => controller.abort();
      // Store timers do not hold the process open; tailing is the one thing this process does.
      const keepAlive = setInterval(() => undefined, 60_000);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      let position = 0;
      if (flags.after !== undefined) position = parseCount('--after', flags.after);
      else if (!flags.fromStart) position = await store.headPosition();
      try {
        for await (const event of catchUpSubscription(store, {
          after: { position },
          filter,
          signal: controller.signal,
        })) {
          print(event, globals().json);
        }
      } finally {
        clearInterval(keepAlive);
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
  });

  events
    .command('stats')
    .description('count events and streams, and show the log size')
    .action(async () => {
      const stats = await withStore(globals(), (store) => store.stats());
      if (globals().json) {
        printLine(JSON.stringify(stats));
        return;
      }
      printLine(`backend        ${stats.backend}`);
      printLine(`events         ${stats.events}`);
      printLine(`streams        ${stats.streams}`);
      printLine(`head position  ${stats.headPosition}`);
      printLine(`size           ${(stats.sizeBytes / 1024 / 1024).toFixed(2)} MiB`);
      for (const { type, count } of stats.eventTypes.slice(0, 20))
        printLine(`  ${String(count).padStart(10)}  ${type}`);
    });
}
