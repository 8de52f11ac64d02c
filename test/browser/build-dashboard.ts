import { existsSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const DIST_WEB = fileURLToPath(new URL('../../dist/web', import.meta.url));

/**
 * Builds the dashboard into dist/web, where `vigia up` serves it from (as `npm run build` does).
 * It builds beside it and swaps the folders, so a `vigia up` serving the old build while this runs
 * never sees a half-written one.
 */
export async function buildDashboard(): Promise<void> {
  const fresh = `${DIST_WEB}-build-${process.pid}`;
  const old = `${DIST_WEB}-old-${process.pid}`;
  // Vitest runs with NODE_ENV=test, which Vite and the Preact preset read as "not production" (and
  // then ship preact/debug): build what `npm run build` builds, so the tests measure the real page.
  const environment = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: fileURLToPath(new URL('../../src/web/vite.config.ts', import.meta.url)),
      logLevel: 'warn',
      mode: 'production',
      build: { outDir: fresh, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = environment;
  }
  if (existsSync(DIST_WEB)) renameSync(DIST_WEB, old);
  renameSync(fresh, DIST_WEB);
  rmSync(old, { recursive: true, force: true });
}
