import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** Builds the dashboard into dist/web, where `vigia up` serves it from (as `npm run build` does). */
export async function buildDashboard(): Promise<void> {
  await build({
    configFile: fileURLToPath(new URL('../../src/web/vite.config.ts', import.meta.url)),
    logLevel: 'warn',
  });
}
