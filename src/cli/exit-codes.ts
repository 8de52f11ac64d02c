import { VigiaError } from '../kernel/index.js';

/** Exit codes of the `vigia` command, documented in README.md#cli. */
export const ExitCode = {
  ok: 0,
  /** Something failed at run time (a bug, an I/O error). */
  failure: 1,
  /** The command line, a config file or an input was invalid. */
  usage: 2,
  /** A write conflicted with the stored state (wrong expected version, idempotency conflict). */
  conflict: 3,
  /** The event store (database) could not be reached. */
  unavailable: 4,
} as const;

/** A command-line input was wrong; the message names the flag or argument. */
export class UsageError extends VigiaError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** Maps an error to the exit code a script can branch on. */
export function exitCodeFor(error: unknown): number {
  if (!(error instanceof VigiaError)) return ExitCode.failure;
  switch (error.code) {
    case 'USAGE':
    case 'VALIDATION_FAILED':
    case 'CONFIG_INVALID':
    case 'INVALID_EVENT':
      return ExitCode.usage;
    case 'WRONG_EXPECTED_VERSION':
    case 'IDEMPOTENCY_CONFLICT':
      return ExitCode.conflict;
    case 'STORE_UNAVAILABLE':
      return ExitCode.unavailable;
    default:
      return ExitCode.failure;
  }
}
