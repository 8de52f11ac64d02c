import type { Command } from 'commander';
import { ConfigError } from '../../kernel/index.js';
import {
  alertPreflight,
  checkConfigAlertsOffline,
  describeAlertProblem,
  describeEntryError,
  validateConfigMonitors,
} from '../../server/index.js';
import { type GlobalOptions, printLine } from '../cli-context.js';
import { readMonitorConfig, readServerConfig } from '../monitor-config.js';

/** `vigia config check`: validates the configuration file, every monitor, alerting definition and runbook included, without starting anything. */
export function registerConfigCommands(program: Command, globals: () => GlobalOptions): void {
  const config = program.command('config').description('work with the configuration file (vigia.yaml)');

  config
    .command('check')
    .description(
      'validate the configuration file, monitors, alerting definitions and runbooks included; exits 2 on any problem',
    )
    .option(
      '-c, --config <file>',
      'configuration file (default: the global --config, VIGIA_CONFIG, ./vigia.yaml)',
    )
    .action(async (flags: { config?: string }) => {
      const options = { ...globals(), ...(flags.config ? { config: flags.config } : {}) };
      const { file, monitors } = readMonitorConfig(options);
      const { alerts } = readServerConfig({ ...options, config: file });
      const lines = validateConfigMonitors(monitors).map(describeEntryError);
      if (alerts) {
        const problems = await checkConfigAlertsOffline(
          alerts,
          alertPreflight(async () => undefined),
        );
        lines.push(...problems.map(describeAlertProblem));
      }
      if (lines.length > 0) {
        throw new ConfigError(
          `${file}: ${lines.length} problem(s):\n${lines.map((l) => `  ${l}`).join('\n')}`,
          {
            file,
            errors: lines,
          },
        );
      }
      const definitions = alerts ? Object.values(alerts).reduce((n, list) => n + list.length, 0) : 0;
      if (globals().json)
        printLine(JSON.stringify({ file, valid: true, monitors: monitors.length, definitions }));
      else
        printLine(
          `${file}: valid (${monitors.length} monitor(s), ${definitions} alerting definition(s) and runbook(s))`,
        );
    });
}
