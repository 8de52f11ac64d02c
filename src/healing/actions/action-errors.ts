import { VigiaError } from '../../kernel/index.js';

/** The executor refused an action before any attempt: nothing was sent or run. */
export class ActionRefusedError extends VigiaError {}

/** Commands are disabled, or the executable is not exactly in `healing.commands.allow`. */
export class CommandNotAllowedError extends ActionRefusedError {
  constructor(
    readonly executable: string,
    readonly reason: 'disabled' | 'not_allowed',
  ) {
    super(
      'COMMAND_NOT_ALLOWED',
      reason === 'disabled'
        ? `command "${executable}" refused: commands are disabled (set healing.commands.enabled: true and list the executable in healing.commands.allow)`
        : `command "${executable}" refused: not in healing.commands.allow (the executable must be listed there by its exact absolute path)`,
      { details: { executable, reason } },
    );
  }
}

/** A simulator action pointed somewhere other than a loopback address. */
export class NotLoopbackError extends ActionRefusedError {
  constructor(readonly url: string) {
    super(
      'SIMULATOR_NOT_LOOPBACK',
      `simulator_fault_off refused for "${url}": simulated services are reached on loopback only (127.0.0.0/8 or [::1], written as an address, not a name)`,
      { details: { url } },
    );
  }
}

/** `notify` and `approval` are turned into events by the runtime, never executed here. */
export class ActionNotExecutableError extends ActionRefusedError {
  constructor(readonly kind: string) {
    super(
      'ACTION_NOT_EXECUTABLE',
      `action kind "${kind}" is not executed by the ActionExecutor: the remediation runtime turns it into events; only http, command and simulator_fault_off are executed`,
      { details: { kind } },
    );
  }
}

/** The rendered action is malformed (a URL that does not parse, an unsupported scheme, a relative path …). */
export class InvalidActionError extends ActionRefusedError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('ACTION_INVALID', message, { details });
  }
}

/** What one attempt learned, whether it failed or not; failures throw an ActionAttemptError carrying it. */
export interface AttemptReport {
  detail: string;
  status?: number;
  exitCode?: number;
  stdout?: string;
  stderr?: string;
}

/** One attempt failed; says whether another attempt could help and whether the destination is at fault. */
export class ActionAttemptError extends VigiaError {
  readonly retryable: boolean;
  /** Counts against the destination's circuit breaker (a refusal such as HTTP 404 does not). */
  readonly destinationFault: boolean;
  readonly report: AttemptReport;
  /** A delay the destination asked for (Retry-After), in ms. */
  readonly retryAfterMs: number | undefined;

  constructor(
    report: AttemptReport,
    options: { retryable: boolean; destinationFault: boolean; retryAfterMs?: number; cause?: unknown },
  ) {
    super('ACTION_ATTEMPT_FAILED', report.detail, {
      cause: options.cause,
      details: { status: report.status, exitCode: report.exitCode },
    });
    this.report = report;
    this.retryable = options.retryable;
    this.destinationFault = options.destinationFault;
    this.retryAfterMs = options.retryAfterMs;
  }
}
