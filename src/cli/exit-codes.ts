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
  /** The event store (database) or the Vigia server could not be reached, or did not answer in time. */
  unavailable: 4,
  /** No API token, a token the server refused, or a token whose role may not do this. */
  unauthorized: 5,
  /** What the command named does not exist (a monitor id or name). */
  notFound: 6,
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
    case 'CONFLICT':
    case 'PRECONDITION_FAILED':
    case 'MANAGED_BY_CONFIG':
      return ExitCode.conflict;
    case 'STORE_UNAVAILABLE':
    case 'SERVER_UNREACHABLE':
    case 'SERVER_TIMEOUT':
    case 'SHUTTING_DOWN':
    case 'UNAVAILABLE':
      return ExitCode.unavailable;
    case 'TOKEN_MISSING':
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
      return ExitCode.unauthorized;
    case 'NOT_FOUND':
      return ExitCode.notFound;
    default:
      return ExitCode.failure;
  }
}
