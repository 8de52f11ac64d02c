import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { onCleanup } from './cleanup.js';

const run = promisify(execFile);
const BIN = '/usr/lib/postgresql/15/bin';

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
  if (!existsSync(path.join(BIN, 'initdb'))) {
    throw new Error(`VIGIA_BENCH_POSTGRES_URL is not set and ${BIN}/initdb does not exist`);
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'vigia-bench-pg-'));
  const dataDir = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // initdb and postgres refuse to run as root: the server belongs to the postgres user.
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    await chown(dir, uid, gid);
  }
  const asServerUser = (command: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', path.join(BIN, command), ...args])
      : run(path.join(BIN, command), args);
  const stopServer = async () => {
    try {
      // postmaster.pid exists from the moment the server starts (even while pg_ctl still waits
      // for it) until it stops; the server runs in its own session, so it never sees our interrupt.
      if (existsSync(path.join(dataDir, 'postmaster.pid'))) {
        await asServerUser('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w']);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
  // Registered at once, so that an interrupt while the server starts still removes it.
  onCleanup(stopServer);
  try {
    // --no-sync only skips initdb's own flush of the fresh cluster; the server keeps fsync on.
    await asServerUser('initdb', [
      '-D',
      dataDir,
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
    ]);
    const port = await freePort();
    const serverOptions = [
      '-c listen_addresses=127.0.0.1',
      `-c port=${port}`,
      `-c unix_socket_directories=${dir}`,
      '-c max_connections=100',
    ].join(' ');
    await asServerUser('pg_ctl', [
      'start',
      '-D',
      dataDir,
      '-w',
      '-t',
      '30',
      '-l',
      path.join(dir, 'server.log'),
      '-o',
      serverOptions,
    ]);
    return await onServer(
      `postgres://postgres@127.0.0.1:${port}/postgres`,
      `throwaway PostgreSQL 15 on 127.0.0.1:${port}`,
      stopServer,
    );
  } catch (error) {
    await stopServer().catch(() => undefined);
    throw error;
  }
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
