import { Command, CommanderError } from 'commander';
import { VigiaError } from '../kernel/index.js';
import { type GlobalOptions, packageVersion } from './cli-context.js';
import { registerAlertCommands } from './commands/alerts.js';
import { registerConfigCommands } from './commands/config.js';
import { registerDemoCommands } from './commands/demo.js';
import { registerEventCommands } from './commands/events.js';
import { registerMetricCommands } from './commands/metrics.js';
import { registerMonitorCommands } from './commands/monitors.js';
import { registerRemediationCommands } from './commands/remediations.js';
import { registerRuleCommands } from './commands/rules.js';
import { registerSilenceCommands } from './commands/silences.js';
import { registerSimulateCommand } from './commands/simulate.js';
import { registerUpCommand } from './commands/up.js';
import { registerUserCommands } from './commands/users.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';

/** Builds the `vigia` command tree. */
export function buildProgram(): Command {
  const program = new Command('vigia')
    .description('Vigia: watch services, alert, heal, and keep every fact as an event')
    .version(packageVersion(), '-V, --version')
    .option('-c, --config <file>', 'configuration file (default ./vigia.yaml if present, VIGIA_CONFIG)')
    .option('--data-dir <dir>', 'data directory (default ./vigia-data, VIGIA_DATA_DIR)')
    .option('--json', 'print data as JSON')
    .showHelpAfterError()
    .exitOverride();
  const globals = () => program.opts<GlobalOptions>();
  registerUpCommand(program, globals);
  registerEventCommands(program, globals);
  registerUserCommands(program, globals);
  registerSimulateCommand(program, globals);
  registerConfigCommands(program, globals);
  registerMonitorCommands(program, globals);
  registerMetricCommands(program, globals);
  registerAlertCommands(program, globals);
  registerSilenceCommands(program, globals);
  registerRuleCommands(program, globals);
  registerRemediationCommands(program, globals);
  registerDemoCommands(program, globals);
  for (const command of program.commands) {
    command.exitOverride();
    for (const sub of command.commands) sub.exitOverride();
  }
  return program;
}

/** Runs the CLI and returns the exit code; errors are printed as one clear line, never a stack. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    const json = program.opts<GlobalOptions>().json;
    if (json && error instanceof VigiaError) {
      process.stderr.write(
        `${JSON.stringify({ error: { code: error.code, message: error.message, details: error.details } })}\n`,
      );
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`vigia: ${message}\n`);
    }
    if (!(error instanceof VigiaError) && process.env.VIGIA_DEBUG) console.error(error);
    return exitCodeFor(error);
  }
}

const invokedDirectly = process.argv[1] && /(?:bin\/vigia(?:\.js)?|cli\/main\.[jt]s)$/.test(process.argv[1]);
if (invokedDirectly) {
  runCli(process.argv).then((code) => {
    // `up` keeps running (the server holds the event loop); other commands exit here.
    if (code !== ExitCode.ok || !process.argv.includes('up')) process.exitCode = code;
  });
}
