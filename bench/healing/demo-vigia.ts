/**
 * Vigia as `vigia up` runs it without a configuration file (`npm start`), in this process: the
 * SQLite event store in a given folder, the metrics, monitoring, alerting and healing services, the
 * demo fleet (7 simulated services on loopback, its log receiver) and the demo's monitors, rules,
 * route and runbooks applied as configuration by the same ConfigReloader — all but the chaos loop
 * (the benchmark injects the faults itself) and the HTTP listener (nothing here calls the API).
 * Mirrors src/cli/commands/up.ts; keep the two alike.
 */
import path from 'node:path';
import pino from 'pino';
import { AlertService } from '../../src/alerts/index.js';
import { withDemoDefinitions } from '../../src/cli/monitor-config.js';
import { type EventStore, openEventStore } from '../../src/events/index.js';
import { HealingService } from '../../src/healing/index.js';
import { createLogger, parseConfig, systemClock } from '../../src/kernel/index.js';
import { closeHttpCheckAgent, MetricsService, MonitorService } from '../../src/monitor/index.js';
import {
  alertListsOf,
  alertPreflight,
  alertSettingsOf,
  ConfigReloader,
  checkConfigAlerts,
  createVigiaServer,
  describeConfigProblem,
  knownSeriesOf,
  readDemoFleetFile,
  startDemo,
  syncConfigAlerts,
} from '../../src/server/index.js';
import { EventTap } from './event-tap.js';

/** A running in-process Vigia with the demo applied. */
export interface DemoVigia {
  store: EventStore;
  /** Vigia's events as they commit, followed from before the first check. */
  tap: EventTap;
  /** The simulated services, in fleet order. */
  services: Array<{ name: string; url: string }>;
  /** The demo's monitors (health checks, metric scrapes): the fleet is healthy when all are up. */
  monitors: Array<{ name: string; kind: string; service: string }>;
  /** Where Vigia's own log (info level, JSON lines) is written. */
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Starts Vigia on `dataDir` with the default configuration (no file, no VIGIA_* variables: the
 * benchmark must not depend on the caller's environment) and the demo on.
 */
export async function startDemoVigia(dataDir: string): Promise<DemoVigia> {
  const config = parseConfig({ dataDir, demo: { enabled: true } });
  const logFile = path.join(dataDir, 'vigia.log');
  const destination = pino.destination({ dest: logFile, sync: false, mkdir: true });
  const logger = createLogger({ level: 'info', pretty: false, destination });
  const stops: Array<() => Promise<unknown>> = [async () => destination.flushSync()];
  // Every step runs even when one fails (the first failure is thrown after); a second call does nothing.
  const stop = async () => {
    let failure: unknown;
    for (const step of stops.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  };
  try {
    const store = await openEventStore(config, { logger });
    stops.push(() => store.close());
    const tap = new EventTap(store);
    stops.push(async () => tap.close());
    const metricSamples = new MetricsService({
      store,
      logger: logger.child({ module: 'metrics' }),
      clock: systemClock,
      retentionDays: config.metrics.retentionDays,
    });
    const monitoring = new MonitorService({
      onSamples: (samples, monitorId) => metricSamples.recordScrape(samples, monitorId),
      store,
      logger: logger.child({ module: 'monitor' }),
      clock: systemClock,
      maxConcurrent: config.monitoring.maxConcurrent,
      groupConcurrency: config.monitoring.groupConcurrency,
      leaseMs: config.monitoring.leaseSeconds * 1000,
      rawRetentionDays: config.monitoring.rawRetentionDays,
    });
    const alerting = new AlertService({
      store,
      settings: alertSettingsOf(config.alerts),
      logger: logger.child({ module: 'alerts' }),
      clock: systemClock,
    });
    const healing = new HealingService({
      store,
      settings: { dryRun: config.healing.dryRun, commands: config.healing.commands },
      logger: logger.child({ module: 'healing' }),
      clock: systemClock,
    });
    const demo = await startDemo(config.dataDir, logger.child({ module: 'demo' }));
    stops.push(() => demo.stop());
    const vigia = await createVigiaServer({
      store,
      logger,
      version: 'bench',
      monitoring,
      alerting,
      healing: true,
      metricsService: { service: metricSamples, maxSamplesPerPush: config.metrics.maxSamplesPerPush },
      consumers: [monitoring, metricSamples, ...alerting.consumers, ...healing.consumers],
    });
    stops.push(() => vigia.app.close());
    const preflight = alertPreflight(knownSeriesOf(metricSamples));
    const reloader = new ConfigReloader({
      store,
      logger: logger.child({ module: 'config' }),
      readConfig: () =>
        withDemoDefinitions(
          { monitors: config.monitors, alerts: alertListsOf(config.alerts, config.healing.runbooks) },
          demo.definitions,
        ),
      resources: vigia.resources,
      definition: vigia.monitors,
      alerts: {
        check: (lists) => checkConfigAlerts(vigia.resources, vigia.configDefinitions, lists, preflight),
        sync: (lists, source) =>
          syncConfigAlerts(vigia.resources, vigia.configDefinitions, lists, source, preflight),
      },
    });
    const outcome = await reloader.reload('start', { actor: 'system:startup' });
    if (!outcome.ok) {
      const problems = outcome.errors.map((e) => describeConfigProblem(e)).join('; ');
      throw new Error(`the demo configuration was refused: ${problems}`);
    }
    // Started in up.ts's order, stopped in reverse: the last results are written and evaluated.
    await metricSamples.start();
    stops.push(() => metricSamples.stop());
    await alerting.start();
    stops.push(() => alerting.stop());
    await healing.start();
    stops.push(() => healing.stop());
    await monitoring.start();
    stops.push(async () => {
      await monitoring.stop();
      await closeHttpCheckAgent();
    });
    // The addresses `vigia demo chaos` reads: the benchmark injects its faults the same way.
    const { services } = await readDemoFleetFile(config.dataDir);
    const monitors = demo.definitions.monitors.map(({ name, kind, service }) => ({ name, kind, service }));
    return { store, tap, services, monitors, logFile, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
