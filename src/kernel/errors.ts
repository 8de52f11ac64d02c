/** Base of every error Vigia raises on purpose: a stable `code`, a message a user can act on, and details. */
export class VigiaError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(
    code: string,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** Input from outside (config, CLI, HTTP, files) did not have the expected form. */
export class ValidationError extends VigiaError {
  readonly issues: ReadonlyArray<{ path: string; message: string }>;

  constructor(
    message: string,
    issues: ReadonlyArray<{ path: string; message: string }> = [],
    cause?: unknown,
  ) {
    super('VALIDATION_FAILED', message, { cause, details: { issues } });
    this.issues = issues;
  }
}

/** The configuration (vigia.yaml or VIGIA_* variables) is invalid; the message names the key. */
export class ConfigError extends VigiaError {
  constructor(message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super('CONFIG_INVALID', message, { details, cause });
  }
}

/** The process is shutting down and does not accept new work. */
export class ShuttingDownError extends VigiaError {
  constructor(what: string) {
    super('SHUTTING_DOWN', `Vigia is shutting down and does not accept new ${what}`);
  }
}

/** Wraps whatever was thrown into an Error without losing it. */
export function toError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}
