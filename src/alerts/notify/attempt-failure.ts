import { VigiaError } from '../../kernel/index.js';

/** Why one delivery attempt failed, and whether another attempt could succeed. */
export class AttemptFailedError extends VigiaError {
  /** HTTP status or SMTP reply code, when the destination answered. */
  readonly responseCode: number | undefined;
  /** False when retrying cannot help (4xx, SMTP 5xx, a missing secret, a bad referenced URL). */
  readonly retryable: boolean;
  /** A delay the destination asked for (Retry-After), in ms. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    options: {
      retryable: boolean;
      responseCode?: number;
      retryAfterMs?: number;
      cause?: unknown;
      code?: string;
    },
  ) {
    super(
      options.code ?? (options.retryable ? 'NOTIFICATION_ATTEMPT_FAILED' : 'NOTIFICATION_REFUSED'),
      message,
      options.cause === undefined ? {} : { cause: options.cause },
    );
    this.retryable = options.retryable;
    this.responseCode = options.responseCode;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** A secret reference resolved to nothing (unset variable, missing or empty file): permanent. */
export class MissingSecretError extends AttemptFailedError {
  constructor(
    readonly reference: string,
    problem = 'is not set or empty',
  ) {
    super(`secret ${reference} ${problem}`, { retryable: false, code: 'NOTIFICATION_SECRET_MISSING' });
  }
}
