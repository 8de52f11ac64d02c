import pg from 'pg';
import type { TestProject } from 'vitest/node';
import {
  POSTGRES_BIN,
  postgresBinariesInstalled,
  startThrowawayPostgres,
} from '../support/throwaway-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a PostgreSQL database for tests, or null when none is available (local runs only). */
    postgresUrl: string | null;
  }
}

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
  if (!postgresBinariesInstalled()) {
    if (process.env.CI === 'true') {
      throw new Error(
        `PostgreSQL is required in CI: set VIGIA_TEST_POSTGRES_URL or install PostgreSQL 15 (${POSTGRES_BIN}); .ci/run installs it`,
      );
    }
    console.warn(
      `[vigia] No PostgreSQL for tests (VIGIA_TEST_POSTGRES_URL unset, ${POSTGRES_BIN}/initdb missing): PostgreSQL suites are skipped`,
    );
    project.provide('postgresUrl', null);
    return undefined;
  }
  const server = await startThrowawayServer();
  project.provide('postgresUrl', server.url);
  return server.stop;
}

async function startThrowawayServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = await startThrowawayPostgres({ prefix: 'vigia-pg-', maxConnections: 200 });
  try {
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await admin.end();
    }
    return { url: `postgres://postgres@127.0.0.1:${server.port}/${DATABASE}`, stop: server.stop };
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw error;
  }
}
