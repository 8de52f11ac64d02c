import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type EventStore, openEventStore } from '../events/index.js';
import { createLogger, type Logger, loadConfig, type VigiaConfig } from '../kernel/index.js';

/** Options every command accepts. */
export interface GlobalOptions {
  config?: string;
  dataDir?: string;
  json?: boolean;
}

/** The package version, read from package.json (works from src/ and dist/). */
/** Where the dashboard is built (`npm run build` → `dist/web` beside package.json), whether or not it is. */
export function dashboardDirectory(): string {
  return fileURLToPath(new URL('../../dist/web', import.meta.url));
}

export function packageVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('../../package.json') as { version: string }).version;
}

/** Loads and validates configuration, with CLI flags winning over file and environment. */
export function configFrom(options: GlobalOptions, overrides: Record<string, unknown> = {}): VigiaConfig {
  const merged: Record<string, unknown> = { ...overrides };
  if (options.dataDir) merged.dataDir = options.dataDir;
  return loadConfig({ file: options.config, overrides: merged });
}

/** A logger for commands: warnings and errors only, so stdout stays for data. */
export function commandLogger(config: VigiaConfig): Logger {
  return createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
}

/** Opens the configured store, runs `work`, and always closes the store. */
export async function withStore<T>(
  options: GlobalOptions,
  work: (store: EventStore) => Promise<T>,
): Promise<T> {
  const config = configFrom(options);
  const store = await openEventStore(config, { logger: commandLogger(config) });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** Writes one line to stdout. */
export function printLine(line: string): void {
  process.stdout.write(`${line}\n`);
}
