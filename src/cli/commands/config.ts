import type { Command } from 'commander';
import { ConfigError } from '../../kernel/index.js';
import { describeEntryError, validateConfigMonitors } from '../../server/index.js';
import { type GlobalOptions, printLine } from '../cli-context.js';
import { readMonitorConfig } from '../monitor-config.js';

/** `vigia config check`: validates the configuration file, every monitor included, without starting anything. */
export function registerConfigCommands(program: Command, globals: () => GlobalOptions): void {
  const config = program.command('config').description('work with the configuration file (vigia.yaml)');

  config
    .command('check')
    .description('validate the configuration file, every monitor included; exits 2 on any problem')
    .option(
      '-c, --config <file>',
      'configuration file (default: the global --config, VIGIA_CONFIG, ./vigia.yaml)',
    )
    .action(async (flags: { config?: string }) => {
      const options = { ...globals(), ...(flags.config ? { config: flags.config } : {}) };
      const { file, monitors } = readMonitorConfig(options);
      const errors = validateConfigMonitors(monitors);
      if (errors.length > 0) {
        const lines = errors.map((e) => `  ${describeEntryError(e)}`).join('\n');
        throw new ConfigError(`${file}: ${errors.length} problem(s) in monitors:\n${lines}`, {
          file,
          errors,
        });
      }
      if (globals().json) printLine(JSON.stringify({ file, valid: true, monitors: monitors.length }));
      else printLine(`${file}: valid (${monitors.length} monitor(s))`);
    });
}
