import {
  AsyncMutex,
  acquireLease,
  type EventMetadata,
  type EventStore,
  ensureConsumerTables,
  releaseLease,
} from '../../events/index.js';
import { ConfigError, type Logger, newId, systemClock, VigiaError } from '../../kernel/index.js';
import type { AlertConfigLists, AlertConfigProblem, AlertSyncReport } from '../alerting/config-alerts.js';
import { ConfigAlertsError } from '../alerting/config-alerts.js';
import type { ResourceDefinition } from '../resources/resource-definition.js';
import type { ResourceStore } from '../resources/resource-store.js';
import {
  ConfigMonitorsError,
  type ConfigSyncReport,
  describeEntryError,
  syncConfigMonitors,
} from './config-monitors.js';

/** The audit events of configuration reloads (stream `config-reloads`). */
export const ConfigEvents = {
  reloadSucceeded: 'config.reload_succeeded',
  reloadFailed: 'config.reload_failed',
} as const;

/** Stream of the reload outcomes. */
export const CONFIG_RELOAD_STREAM = 'config-reloads';

/** What asked for the reload: `vigia up` starting, SIGHUP, or POST /api/config/reload. */
export type ConfigReloadTrigger = 'start' | 'signal' | 'api';

/** A problem of a refused reload, by field (`monitors[3].url`, `server.port`, `config`). */
export interface ConfigProblem {
  field: string;
  message: string;
  /** For a wrong monitor entry: its index in `monitors:`, and its name when readable. */
  index?: number;
  name?: string;
}

/** One line for a person: `monitors[3] (name "api-health"): url must …` or `server.port: …`. */
export function describeConfigProblem(problem: ConfigProblem): string {
  if (problem.index === undefined) return `${problem.field}: ${problem.message}`;
  return describeEntryError({ ...problem, index: problem.index });
}

/** A reload either applied the file (with what it changed) or changed nothing and says why. */
export type ConfigReloadOutcome =
  | { ok: true; file: string; report: ConfigSyncReport; alerts?: AlertSyncReport }
  | { ok: false; file?: string; errors: ConfigProblem[] };

/**
 * The configuration as the CLI read and validated it: the file (none when Vigia runs on defaults
 * only), its `monitors:` list, and the alerting definitions (default rules included).
 */
export interface LoadedMonitorConfig {
  file?: string;
  monitors: ReadonlyArray<unknown>;
  alerts?: AlertConfigLists;
}

/** How the reloader applies alerting definitions (absent: alerting is off). */
export interface AlertConfigSync {
  /** Problems that would stop the sync, found without writing anything. */
  check(lists: AlertConfigLists): Promise<AlertConfigProblem[]>;
  sync(lists: AlertConfigLists, source: { file: string; metadata?: EventMetadata }): Promise<AlertSyncReport>;
}

export interface ConfigReloaderOptions {
  store: EventStore;
  logger: Logger;
  /** Reads and validates the configuration file; throws ConfigError. The CLI supplies it: the server reads no files. */
  readConfig: () => LoadedMonitorConfig;
  /** The monitor resources to sync. */
  resources: ResourceStore;
  definition: ResourceDefinition;
  alerts?: AlertConfigSync;
}

const SYNC_LEASE = 'config-sync';
/** A sync holding the lease longer than this (a dead instance) lets the next one go ahead. */
const SYNC_LEASE_MS = 60_000;
const SYNC_LEASE_WAIT_MS = 60_000;

/** Names and problems kept in an event or a log line: a 20,000-entry file must not make a huge event. */
const LISTED_AT_MOST = 100;

/**
 * Re-reads the configuration and syncs its monitors, one reload at a time. A bad file or a bad
 * entry changes nothing. Each outcome is logged (errors at error level) and recorded as
 * `config.reload_succeeded | config.reload_failed` with names, fields and counts — never whole
 * documents, whose headers may hold secrets.
 */
export class ConfigReloader {
  private readonly mutex = new AsyncMutex();

  constructor(private readonly options: ConfigReloaderOptions) {}

  /** Reloads now (after a reload in progress); never throws: the outcome says what happened. */
  reload(trigger: ConfigReloadTrigger, metadata: EventMetadata = {}): Promise<ConfigReloadOutcome> {
    return this.mutex.run(() => this.reloadNow(trigger, metadata));
  }

  /**
   * Runs `work` holding the `config-sync` lease: instances starting together on one database
   * sync one after the other, so the second sees what the first wrote (names are checked by
   * reading, so two syncs at once could both create the same name).
   */
  private async underSyncLease<T>(work: () => Promise<T>): Promise<T> {
    const { store } = this.options;
    await ensureConsumerTables(store);
    const owner = newId();
    const giveUpAt = systemClock.now() + SYNC_LEASE_WAIT_MS;
    while (
      !(await store.withTransaction((tx) =>
        acquireLease(tx, SYNC_LEASE, owner, systemClock.now(), SYNC_LEASE_MS),
      ))
    ) {
      if (systemClock.now() > giveUpAt) {
        throw new VigiaError(
          'CONFIG_SYNC_BUSY',
          'another instance has been applying the configuration for 60 s',
        );
      }
      await systemClock.sleep(100);
    }
    try {
      return await work();
    } finally {
      await store.withTransaction((tx) => releaseLease(tx, SYNC_LEASE, owner)).catch(() => undefined);
    }
  }

  private async reloadNow(
    trigger: ConfigReloadTrigger,
    metadata: EventMetadata,
  ): Promise<ConfigReloadOutcome> {
    let file: string | undefined;
    let outcome: ConfigReloadOutcome;
    try {
      const loaded = this.options.readConfig();
      file = loaded.file;
      const source = file ?? '(defaults)';
      const { resources, definition, alerts } = this.options;
      const lists = alerts ? loaded.alerts : undefined;
      // Alerting definitions are checked before anything changes, so a bad one changes nothing.
      outcome = await this.underSyncLease(async () => {
        const alertProblems = lists && alerts ? await alerts.check(lists) : [];
        if (alertProblems.length > 0) throw new ConfigAlertsError(alertProblems);
        // Without a file there is nothing to sync, unless the demo brings monitors.
        const report =
          file === undefined && loaded.monitors.length === 0
            ? { created: [], updated: [], deleted: [], unchanged: 0 }
            : await syncConfigMonitors(resources, definition, loaded.monitors, { file: source, metadata });
        const alertReport =
          lists && alerts ? await alerts.sync(lists, { file: source, metadata }) : undefined;
        return { ok: true as const, file: source, report, ...(alertReport ? { alerts: alertReport } : {}) };
      });
    } catch (error) {
      outcome = { ok: false, ...(file === undefined ? {} : { file }), errors: this.problemsOf(error) };
    }
    await this.record(trigger, outcome, metadata);
    this.log(trigger, outcome);
    return outcome;
  }

  private problemsOf(error: unknown): ConfigProblem[] {
    if (error instanceof ConfigMonitorsError) {
      return error.errors;
    }
    if (error instanceof ConfigAlertsError) {
      return error.problems;
    }
    if (error instanceof ConfigError) {
      const problems = error.details.problems;
      if (Array.isArray(problems)) {
        return (problems as Array<{ key: string; message: string }>).map((p) => ({
          field: p.key,
          message: p.message,
        }));
      }
      // YAML errors quote the offending lines, which may hold a secret: keep the first line.
      return [{ field: 'config', message: error.message.split('\n')[0]! }];
    }
    if (error instanceof VigiaError) {
      // A write refused half-way (a concurrent change): the changes before it stand.
      return [{ field: 'monitors', message: `${error.message} (reload again to finish)` }];
    }
    this.options.logger.error({ err: error }, 'configuration reload failed unexpectedly');
    return [{ field: 'config', message: 'the reload failed unexpectedly; the server log has the details' }];
  }

  private async record(
    trigger: ConfigReloadTrigger,
    outcome: ConfigReloadOutcome,
    metadata: EventMetadata,
  ): Promise<void> {
    const event = outcome.ok
      ? {
          type: ConfigEvents.reloadSucceeded,
          data: {
            trigger,
            file: outcome.file,
            ...summary(outcome.report),
            ...(outcome.alerts ? { alerts: summary(outcome.alerts) } : {}),
          },
        }
      : {
          type: ConfigEvents.reloadFailed,
          data: {
            trigger,
            ...(outcome.file === undefined ? {} : { file: outcome.file }),
            errors: outcome.errors.slice(0, LISTED_AT_MOST),
            errorCount: outcome.errors.length,
          },
        };
    try {
      await this.options.store.appendToStream(CONFIG_RELOAD_STREAM, [
        { ...event, metadata: { ...metadata, actor: metadata.actor ?? `system:config-${trigger}` } },
      ]);
    } catch (error) {
      this.options.logger.error(
        { err: error, type: event.type },
        'could not record the configuration reload',
      );
    }
  }

  private log(trigger: ConfigReloadTrigger, outcome: ConfigReloadOutcome): void {
    const { logger } = this.options;
    if (outcome.ok) {
      logger.info(
        {
          trigger,
          file: outcome.file,
          ...summary(outcome.report),
          ...(outcome.alerts ? { alerts: summary(outcome.alerts) } : {}),
        },
        'configuration applied',
      );
    } else {
      logger.error(
        { trigger, file: outcome.file, errors: outcome.errors.slice(0, LISTED_AT_MOST) },
        'configuration reload failed',
      );
    }
  }
}

function summary(report: ConfigSyncReport) {
  return {
    created: report.created.slice(0, LISTED_AT_MOST),
    updated: report.updated.slice(0, LISTED_AT_MOST),
    deleted: report.deleted.slice(0, LISTED_AT_MOST),
    counts: {
      created: report.created.length,
      updated: report.updated.length,
      deleted: report.deleted.length,
      unchanged: report.unchanged,
    },
  };
}
