import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a PostgreSQL database for tests, or null when none is available (local runs only). */
    postgresUrl: string | null;
  }
}

const run = promisify(execFile);
const BIN = '/usr/lib/postgresql/15/bin';
const DATABASE = 'vigia_test';

/**
 * Gives the test run a PostgreSQL database: VIGIA_TEST_POSTGRES_URL when set, else a throwaway
 * server started from the local PostgreSQL 15 binaries, else null (CI=true fails instead).
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const fromEnvironment = process.env.VIGIA_TEST_POSTGRES_URL;
  if (fromEnvironment) {
    project.provide('postgresUrl', fromEnvironment);
    return undefined;
  }
  if (!existsSync(path.join(BIN, 'initdb'))) {
    if (process.env.CI === 'true') {
      throw new Error(
        `PostgreSQL is required in CI: set VIGIA_TEST_POSTGRES_URL or install PostgreSQL 15 (${BIN}); .ci/run installs it`,
      );
    }
    console.warn(
      `[vigia] No PostgreSQL for tests (VIGIA_TEST_POSTGRES_URL unset, ${BIN}/initdb missing): PostgreSQL suites are skipped`,
    );
    project.provide('postgresUrl', null);
    return undefined;
  }
  const server = await startThrowawayServer();
  project.provide('postgresUrl', server.url);
  return server.stop;
}

async function startThrowawayServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vigia-pg-'));
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

  let started = false;
  const stop = async () => {
    try {
      if (started) await asServerUser('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
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
      '-c max_connections=200',
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
    started = true;
    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await admin.end();
    }
    return { url: `postgres://postgres@127.0.0.1:${port}/${DATABASE}`, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
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
