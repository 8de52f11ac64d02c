/**
 * Runs one benchmark: `npm run bench -- <name> [--quick]` loads bench/<name>.bench.ts, prints a
 * table for people and, as the last line of stdout, one JSON object for machines.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Benchmark } from './lib/benchmark.js';
import { runCleanups } from './lib/cleanup.js';
import { formatTable, machineLine } from './lib/report.js';
import { elapsedMs, nowNs } from './lib/timing.js';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const SUFFIX = '.bench.ts';
const USAGE = 'Usage: npm run bench -- <name> [--quick]';

function availableBenchmarks(): string[] {
  return readdirSync(BENCH_DIR)
    .filter((file) => file.endsWith(SUFFIX))
    .map((file) => file.slice(0, -SUFFIX.length))
    .sort();
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const flags = args.filter((arg) => arg.startsWith('-'));
  const names = args.filter((arg) => !arg.startsWith('-'));
  const unknownFlags = flags.filter((flag) => flag !== '--quick');
  const available = availableBenchmarks();
  const name = names[0];
  if (name === undefined || names.length > 1 || unknownFlags.length > 0 || !available.includes(name)) {
    if (unknownFlags.length > 0)
      console.error(`Unknown option ${unknownFlags.join(', ')}; the only option is --quick.`);
    else if (name !== undefined && !available.includes(name)) console.error(`No benchmark named "${name}".`);
    console.error(USAGE);
    console.error(`Available benchmarks: ${available.length > 0 ? available.join(', ') : '(none)'}`);
    return 2;
  }
  const quick = flags.includes('--quick');
  const module = (await import(pathToFileURL(path.join(BENCH_DIR, `${name}${SUFFIX}`)).href)) as {
    default: Benchmark;
  };
  const start = nowNs();
  const log = (message: string) =>
    console.error(`[bench ${name} +${(elapsedMs(start) / 1000).toFixed(1).padStart(5)}s] ${message}`);
  log(`${module.default.description}${quick ? ' (quick)' : ''}`);
  const results = await module.default.run({ quick, log });
  log(`done in ${(elapsedMs(start) / 1000).toFixed(1)} s`);
  console.log(formatTable(results));
  console.log(machineLine(name, results));
  return 0;
}

let interrupted = false;

/** Cleans up (servers, processes, files) whatever happened, then exits. */
async function finish(code: number): Promise<never> {
  await runCleanups();
  process.exit(interrupted ? 130 : code);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) {
      console.error('[bench] still cleaning up…');
      return;
    }
    interrupted = true;
    console.error(`[bench] ${signal}: cleaning up`);
    void finish(130);
  });
}

main()
  .then(finish)
  .catch((error: unknown) => {
    // Failures an interrupt causes (its workers gone) are not worth a stack trace.
    if (!interrupted) {
      console.error(
        `[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
    return finish(1);
  });
