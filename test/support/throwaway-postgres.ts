import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where Debian's PostgreSQL 15 server binaries live. */
export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';

export function postgresBinariesInstalled(): boolean {
  return existsSync(path.join(POSTGRES_BIN, 'initdb'));
}

export interface ThrowawayPostgres {
  port: number;
  /** URL of the `postgres` database, as the `postgres` superuser (trust auth, loopback only). */
  adminUrl: string;
  /** Stops the server and removes its files; safe to call more than once. */
  stop(): Promise<void>;
}

export interface ThrowawayOptions {
  /** Prefix of the temporary directory. */
  prefix: string;
  maxConnections: number;
  /** Called with `stop` before the server starts, so an interrupt during start-up still cleans up. */
  registerStop?: (stop: () => Promise<void>) => void;
}

/**
 * Starts a PostgreSQL server for tests and benchmarks from the local binaries: 127.0.0.1
 * only, on a free port, trust auth, default durability (fsync on), in a temporary directory.
 * initdb and postgres refuse to run as root, so as root they run as the `postgres` user.
 */
export async function startThrowawayPostgres(options: ThrowawayOptions): Promise<ThrowawayPostgres> {
  const dir = await mkdtemp(path.join(tmpdir(), options.prefix));
  const dataDir = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    await chown(dir, uid, gid);
  }
  const asServerUser = (command: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', path.join(POSTGRES_BIN, command), ...args])
      : run(path.join(POSTGRES_BIN, command), args);
  const stop = async () => {
    try {
      // postmaster.pid exists from the moment the server starts until it stops.
      if (existsSync(path.join(dataDir, 'postmaster.pid'))) {
        await asServerUser('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w']);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
  options.registerStop?.(stop);
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
      `-c max_connections=${options.maxConnections}`,
    ].join(' ');
    const log = path.join(dir, 'server.log');
    await asServerUser('pg_ctl', ['start', '-D', dataDir, '-w', '-t', '30', '-l', log, '-o', serverOptions]);
    return { port, adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/** A loopback port that was free a moment ago. */
export function freePort(): Promise<number> {
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
