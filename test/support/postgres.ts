import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

let noticePrinted = false;

/** The test database URL from the global setup, or null (with a notice, once) when PostgreSQL suites must skip. */
export function postgresUrlOrSkip(): string | null {
  const url = inject('postgresUrl');
  if (url === null && !noticePrinted) {
    noticePrinted = true;
    console.warn(
      '[vigia] PostgreSQL is not available: skipping PostgreSQL tests (set VIGIA_TEST_POSTGRES_URL)',
    );
  }
  return url;
}

/** A fresh lower-case schema name, so every test file (or test) works in its own schema. */
export function uniqueSchema(prefix: string): string {
  const cleaned = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .replace(/^[^a-z_]/, '_$&')
    .slice(0, 40);
  return `${cleaned}_${randomBytes(6).toString('hex')}`;
}

/** Drops `schema` and everything in it. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '""')}" CASCADE`);
  } finally {
    await client.end();
  }
}
