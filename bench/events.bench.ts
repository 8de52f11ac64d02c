/**
 * Event store: Vigia beside emmett — emmett-sqlite and emmett-postgresql, the TypeScript event
 * store a user would otherwise pick — on the same machine, at the same durability, interleaved.
 * Each store lives in its own worker process; see events/ for the workloads and adapters.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureBackend, prepareBackend } from './events/backend-run.js';
import { FULL, POSTGRES_TARGETS, QUICK, SQLITE_TARGETS } from './events/settings.js';
import type { BenchContext, Benchmark } from './lib/benchmark.js';
import { onCleanup } from './lib/cleanup.js';
import { type BenchPostgres, startBenchPostgres } from './lib/postgres-server.js';
import type { BenchResult } from './lib/result.js';

const SCRATCH = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.bench-tmp');
/** Connections per store on PostgreSQL: one per concurrent writer. */
const POOL_SIZE = 16;

interface PostgresForBench {
  server: BenchPostgres;
  vigiaUrl: string;
  anchorUrl: string;
}

/** Starts (or connects to) PostgreSQL and creates one database per store; null when it cannot. */
async function preparePostgres(context: BenchContext): Promise<PostgresForBench | null> {
  let server: BenchPostgres;
  try {
    server = await startBenchPostgres();
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    context.log(`PostgreSQL could not be started (${reason}): reporting SQLite only`);
    return null;
  }
  onCleanup(() => server.stop());
  try {
    const vigiaUrl = await server.createDatabase('vigia_bench');
    const anchorUrl = await server.createDatabase('emmett_bench');
    return { server, vigiaUrl, anchorUrl };
  } catch (error) {
    context.log(
      `PostgreSQL databases could not be created (${(error as Error).message}): reporting SQLite only`,
    );
    return null;
  }
}

const benchmark: Benchmark = {
  description: 'Event store: Vigia vs emmett on SQLite and PostgreSQL',
  async run(context) {
    const settings = context.quick ? QUICK : FULL;
    const scratch = path.join(SCRATCH, `events-${process.pid}`);
    mkdirSync(scratch, { recursive: true });
    onCleanup(() => {
      rmSync(scratch, { recursive: true, force: true });
      // The shared scratch folder goes too once no other run is using it.
      if (existsSync(SCRATCH) && readdirSync(SCRATCH).length === 0)
        rmSync(SCRATCH, { recursive: true, force: true });
    });

    // Preparation (processes, stores, the log to read) is not measured: both backends prepare at
    // once, and measuring starts when both are ready, on an otherwise quiet machine.
    const sqlite = prepareBackend(context, settings, {
      label: 'SQLite',
      vigiaName: 'vigia-sqlite',
      vigia: { kind: 'vigia-sqlite', location: path.join(scratch, 'vigia.sqlite'), poolSize: 1 },
      anchorName: 'emmett-sqlite',
      anchor: { kind: 'emmett-sqlite', location: path.join(scratch, 'emmett.sqlite'), poolSize: 1 },
      targets: SQLITE_TARGETS,
    });
    const postgres = preparePostgres(context).then((pg) => {
      if (!pg) return null;
      context.log(`PostgreSQL: ${pg.server.description}`);
      return prepareBackend(context, settings, {
        label: 'PostgreSQL',
        vigiaName: 'vigia-postgresql',
        vigia: { kind: 'vigia-postgres', location: pg.vigiaUrl, poolSize: POOL_SIZE },
        anchorName: 'emmett-postgresql',
        anchor: { kind: 'emmett-postgresql', location: pg.anchorUrl, poolSize: POOL_SIZE },
        targets: POSTGRES_TARGETS,
      });
    });
    const [sqliteReady, postgresReady] = await Promise.all([sqlite, postgres]);

    const results: BenchResult[] = [];
    const shutdowns: Array<Promise<void>> = [];
    for (const prepared of [sqliteReady, postgresReady]) {
      if (!prepared) continue;
      const run = await measureBackend(context, settings, prepared);
      results.push(...run.results);
      shutdowns.push(run.shutdown);
    }
    await Promise.all(shutdowns);
    return results;
  },
};

export default benchmark;
