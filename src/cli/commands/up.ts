import type { Command } from 'commander';
import { openEventStore } from '../../events/index.js';
import { createLogger, ShutdownCoordinator } from '../../kernel/index.js';
import { buildServer } from '../../server/index.js';
import { configFrom, type GlobalOptions, packageVersion, printLine } from '../cli-context.js';
import { parseCount } from '../parse-options.js';

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
      const app = buildServer({ store, logger, version: packageVersion() });
      shutdown.onShutdown('http server', () => app.close());
      const address = await app.listen({ host: config.server.host, port: config.server.port });
      shutdown.installSignalHandlers();
      const where = config.events.backend === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL';
      printLine(`Vigia ${packageVersion()} listening on ${address} (event store: ${where})`);
      printLine('Nothing is configured yet; health at /health/live and /health/ready. Stop with Ctrl-C.');
    });
}
