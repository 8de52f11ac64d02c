import path from 'node:path';
import { ConfigError, configFilePath } from '../kernel/index.js';
import { alertListsOf, type LoadedMonitorConfig } from '../server/index.js';
import { configFrom, type GlobalOptions } from './cli-context.js';

/** The configuration file in use (`--config`, VIGIA_CONFIG or ./vigia.yaml), as an absolute path. */
export function configFileIn(options: GlobalOptions): string | undefined {
  const file = configFilePath({ file: options.config });
  return file ? path.resolve(file) : undefined;
}

/**
 * Reads and validates the configuration file (the same way `vigia up` started) and returns its
 * `monitors:` list; throws ConfigError when there is no file or it is invalid.
 */
export function readMonitorConfig(
  options: GlobalOptions,
  overrides: Record<string, unknown> = {},
): LoadedMonitorConfig {
  const file = configFileIn(options);
  if (!file) {
    throw new ConfigError(
      'No configuration file to read monitors from: pass --config <file>, set VIGIA_CONFIG or add ./vigia.yaml',
    );
  }
  const config = configFrom({ ...options, config: file }, overrides);
  return { file, monitors: config.monitors };
}

/**
 * What `vigia up` applies on start and reload: the file's monitors and alerting definitions, or,
 * without a file, the default alert rules only.
 */
export function readServerConfig(
  options: GlobalOptions,
  overrides: Record<string, unknown> = {},
): LoadedMonitorConfig {
  const file = configFileIn(options);
  const config = configFrom(file ? { ...options, config: file } : options, overrides);
  return {
    ...(file ? { file } : {}),
    monitors: config.monitors,
    alerts: alertListsOf(config.alerts, config.healing.runbooks),
  };
}

/** The configuration with the demo's definitions added (docs/demo.md). */
export function withDemoDefinitions(
  loaded: LoadedMonitorConfig,
  demo:
    | {
        monitors: ReadonlyArray<unknown>;
        rules: ReadonlyArray<unknown>;
        receivers: ReadonlyArray<unknown>;
        routes: ReadonlyArray<unknown>;
        runbooks: ReadonlyArray<unknown>;
      }
    | undefined,
): LoadedMonitorConfig {
  if (!demo || !loaded.alerts) return loaded;
  const add = <T>(list: ReadonlyArray<T>, more: ReadonlyArray<unknown>) => [...list, ...(more as T[])];
  return {
    ...loaded,
    monitors: add(loaded.monitors, demo.monitors),
    alerts: {
      ...loaded.alerts,
      rules: add(loaded.alerts.rules, demo.rules),
      receivers: add(loaded.alerts.receivers, demo.receivers),
      routes: add(loaded.alerts.routes, demo.routes),
      runbooks: add(loaded.alerts.runbooks, demo.runbooks),
    },
  };
}
