import pg from 'pg';
import {
  POSTGRES_BIN,
  postgresBinariesInstalled,
  startThrowawayPostgres,
} from '../../test/support/throwaway-postgres.js';
import { onCleanup } from './cleanup.js';

/** A PostgreSQL server the benchmark may create throwaway databases on. */
export interface BenchPostgres {
  /** Where it came from, for the report. */
  readonly description: string;
  /** Creates an empty database (name made unique per run) and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Drops the databases it created, stops a server it started and removes its files. */
  stop(): Promise<void>;
}

/**
 * VIGIA_BENCH_POSTGRES_URL when set (databases are created on it and dropped afterwards), else a
 * throwaway server from the local PostgreSQL 15 binaries: 127.0.0.1 only, trust auth, default
 * durability (fsync and synchronous_commit on), in a temporary directory removed when stopped.
 */
export async function startBenchPostgres(): Promise<BenchPostgres> {
  const fromEnvironment = process.env.VIGIA_BENCH_POSTGRES_URL;
  if (fromEnvironment) return onServer(fromEnvironment, 'VIGIA_BENCH_POSTGRES_URL', async () => undefined);
  if (!postgresBinariesInstalled()) {
    throw new Error(`VIGIA_BENCH_POSTGRES_URL is not set and ${POSTGRES_BIN}/initdb does not exist`);
  }
  const server = await startThrowawayPostgres({
    prefix: 'vigia-bench-pg-',
    maxConnections: 100,
    // Registered at once, so that an interrupt while the server starts still removes it.
    registerStop: onCleanup,
  });
  return onServer(server.adminUrl, `throwaway PostgreSQL 15 on 127.0.0.1:${server.port}`, server.stop);
}

async function onServer(
  adminUrl: string,
  description: string,
  stopServer: () => Promise<void>,
): Promise<BenchPostgres> {
  const created: string[] = [];
  const withAdmin = async (work: (client: pg.Client) => Promise<void>) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await work(client);
    } finally {
      await client.end();
    }
  };
  // Fail early (and clearly) when the server cannot be reached.
  await withAdmin(async (client) => void (await client.query('SELECT 1')));
  return {
    description,
    async createDatabase(name) {
      const database = `${name}_${process.pid}`;
      await withAdmin(async (client) => void (await client.query(`CREATE DATABASE ${database}`)));
      created.push(database);
      const url = new URL(adminUrl);
      url.pathname = `/${database}`;
      return url.toString();
    },
    async stop() {
      try {
        if (created.length > 0) {
          await withAdmin(async (client) => {
            for (const database of created.splice(0)) {
              await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
            }
          });
        }
      } finally {
        await stopServer();
      }
    },
  };
}
