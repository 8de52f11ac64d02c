import type { Command } from 'commander';
import { AlertService } from '../../alerts/index.js';
import { openEventStore } from '../../events/index.js';
import { HealingReadModel, HealingService } from '../../healing/index.js';
import {
  ConfigError,
  createLogger,
  createMetricsRegistry,
  ShutdownCoordinator,
  systemClock,
} from '../../kernel/index.js';
import { closeHttpCheckAgent, MetricsService, MonitorService } from '../../monitor/index.js';
import {
  alertPreflight,
  alertSettingsOf,
  builtDashboard,
  ConfigReloader,
  checkConfigAlerts,
  closeGracefully,
  createVigiaServer,
  describeConfigProblem,
  knownSeriesOf,
  type RunningDemo,
  type ServerMetrics,
  startDemo,
  startMetricsListener,
  syncConfigAlerts,
} from '../../server/index.js';
import {
  configFrom,
  dashboardDirectory,
  type GlobalOptions,
  packageVersion,
  printLine,
} from '../cli-context.js';
import { configFileIn, readServerConfig, withDemoDefinitions } from '../monitor-config.js';
import { parseCount } from '../parse-options.js';
import { serverSettingsFrom } from '../server-settings.js';

/** How long in-flight requests get to finish on SIGTERM before their connections are cut. */
const HTTP_DRAIN_TIMEOUT_MS = 10_000;

/** `vigia up`: opens the store and serves HTTP until SIGINT/SIGTERM, then drains and exits 0. */
export function registerUpCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('up')
    .description('run Vigia: the event store and the HTTP server')
    .option('--host <host>', 'address to listen on (default 127.0.0.1, VIGIA_HOST)')
    .option('--port <port>', 'port to listen on (default 8080, VIGIA_PORT; 0 picks a free one)')
    .action(async (flags) => {
      const server: Record<string, unknown> = {};
      if (flags.host) server.host = flags.host;
      if (flags.port !== undefined) server.port = parseCount('--port', flags.port);
      const config = configFrom(globals(), Object.keys(server).length ? { server } : {});
      const logger = createLogger({ level: config.logLevel });
      const shutdown = new ShutdownCoordinator(logger);
      const store = await openEventStore(config, { logger });
      shutdown.onShutdown('event store', () => store.close());
      const metrics: ServerMetrics = {
        registry: createMetricsRegistry(true),
        mode: config.server.metrics.mode,
      };
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
      const alerting = config.alerts.enabled
        ? new AlertService({
            store,
            settings: alertSettingsOf(config.alerts),
            logger: logger.child({ module: 'alerts' }),
            clock: systemClock,
          })
        : undefined;
      const healing =
        alerting && config.healing.enabled
          ? new HealingService({
              store,
              settings: { dryRun: config.healing.dryRun, commands: config.healing.commands },
              logger: logger.child({ module: 'healing' }),
              clock: systemClock,
            })
          : undefined;
      // With healing off, the read model runs alone: past remediations and their statistics stay readable.
      const healingHistory = healing
        ? undefined
        : new HealingReadModel({ store, logger: logger.child({ module: 'healing' }), clock: systemClock });
      const demoWanted =
        config.demo.enabled === true ||
        (config.demo.enabled === 'auto' && configFileIn(globals()) === undefined);
      let demo: RunningDemo | undefined;
      if (demoWanted && alerting) {
        demo = await startDemo(config.dataDir, logger.child({ module: 'demo' }));
        const running = demo;
        shutdown.onShutdown('demo fleet', () => running.stop());
      }
      // The dashboard is served when it was built (`npm run build`; `npm start` builds it).
      const dashboard = builtDashboard(dashboardDirectory()) ? dashboardDirectory() : undefined;
      const vigia = await createVigiaServer({
        // POST /api/config/reload: the same reload as SIGHUP (reloader is set before the server listens).
        reloadConfig: (metadata) => reloader.reload('api', metadata),
        store,
        logger,
        version: packageVersion(),
        metrics,
        monitoring,
        ...(alerting ? { alerting } : {}),
        healing: healing !== undefined,
        remediations: (healing?.readModel ?? healingHistory)?.queries,
        metricsService: { service: metricSamples, maxSamplesPerPush: config.metrics.maxSamplesPerPush },
        consumers: [
          monitoring,
          metricSamples,
          ...(alerting?.consumers ?? []),
          ...(healing?.consumers ?? []),
          ...(healingHistory ? [healingHistory.consumer] : []),
        ],
        ...serverSettingsFrom(config),
        ...(dashboard ? { dashboardRoot: dashboard } : {}),
        ...(demo ? { demoServices: demo.services } : {}),
      });
      const { app, firstStart } = vigia;
      const preflight = alertPreflight(knownSeriesOf(metricSamples));
      const reloader = new ConfigReloader({
        store,
        logger: logger.child({ module: 'config' }),
        readConfig: () =>
          withDemoDefinitions(
            readServerConfig(globals(), Object.keys(server).length ? { server } : {}),
            demo?.definitions,
          ),
        resources: vigia.resources,
        definition: vigia.monitors,
        ...(alerting
          ? {
              alerts: {
                check: (lists) =>
                  checkConfigAlerts(vigia.resources, vigia.configDefinitions, lists, preflight),
                sync: (lists, source) =>
                  syncConfigAlerts(vigia.resources, vigia.configDefinitions, lists, source, preflight),
              },
            }
          : {}),
      });
      // Monitors and alerting as code: a bad entry at start stops `vigia up` with the report (exit code 2).
      const outcome = await reloader.reload('start', { actor: 'system:startup' });
      if (!outcome.ok) {
        await shutdown.shutdown('invalid configuration');
        const lines = outcome.errors.map((e) => `  ${describeConfigProblem(e)}`).join('\n');
        const where = outcome.file ?? 'the configuration';
        throw new ConfigError(`Invalid configuration in ${where}:\n${lines}`, { errors: outcome.errors });
      }
      // Registered before monitoring, so it stops after it: the last scrapes' samples are written.
      await metricSamples.start();
      shutdown.onShutdown('metric samples', () => metricSamples.stop());
      if (alerting) {
        // Registered before monitoring, so it stops after it: the last results are evaluated.
        await alerting.start();
        shutdown.onShutdown('alerting', () => alerting.stop());
      }
      if (healing) {
        await healing.start();
        shutdown.onShutdown('healing', () => healing.stop());
      }
      if (healingHistory) {
        await healingHistory.start();
        shutdown.onShutdown('healing read model', () => healingHistory.stop());
      }
      await monitoring.start();
      shutdown.onShutdown('monitoring', async () => {
        await monitoring.stop();
        await closeHttpCheckAgent();
      });
      shutdown.onShutdown('http server', () => closeGracefully(app, HTTP_DRAIN_TIMEOUT_MS));
      let metricsAt = 'GET /metrics with an operator token';
      if (metrics.mode === 'listener') {
        const { host, port } = config.server.metrics;
        const listener = await startMetricsListener({ registry: metrics.registry, host, port, logger });
        shutdown.onShutdown('metrics listener', () => listener.close());
        metricsAt = `${listener.address}/metrics, without a token: keep that address private`;
      }
      const address = await app.listen({ host: config.server.host, port: config.server.port });
      app.server.maxConnections = config.server.maxConnections;
      shutdown.installSignalHandlers();
      if (config.demo.chaos) demo?.startChaos();
      // SIGHUP re-reads the file: a bad file or entry keeps the running monitors and logs why.
      const onHangUp = () => {
        shutdown
          .track('configuration reload', () => reloader.reload('signal', { actor: 'system:sighup' }))
          .catch((error: unknown) => logger.warn({ err: error }, 'configuration reload not started'));
      };
      process.on('SIGHUP', onHangUp);
      shutdown.onShutdown('configuration reload on SIGHUP', () => {
        process.off('SIGHUP', onHangUp);
      });
      const where = config.events.backend === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL';
      printLine(`Vigia ${packageVersion()} listening on ${address} (event store: ${where})`);
      printLine(
        `API docs at ${address}/api/docs; health at /health/live and /health/ready. Stop with Ctrl-C.`,
      );
      printLine(`Prometheus metrics: ${metricsAt}.`);
      if (firstStart) {
        const body = JSON.stringify({ code: firstStart.setupCode, password: '<your new password>' });
        printLine('');
        printLine(`First start: created the user "${firstStart.userName}" (admin), with no password yet.`);
        printLine('Set its password once, within 24 hours, with this one-time setup code (shown only now):');
        printLine(`  ${firstStart.setupCode}`);
        if (dashboard) printLine(`in the dashboard: ${address}/setup#code=${firstStart.setupCode}`);
        printLine(`  curl -X POST ${address}/api/setup -H 'content-type: application/json' -d '${body}'`);
        printLine(`or, on this machine: vigia users passwd ${firstStart.userName}`);
      }
    });
}
