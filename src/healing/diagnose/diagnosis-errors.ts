import type { FieldError } from '../../kernel/index.js';
import { describeFieldErrors, VigiaError } from '../../kernel/index.js';

/** A saved context-keeper state that is not of the shape `exportState` writes; nothing was changed. */
export class DiagnosisStateError extends VigiaError {
  readonly errors: ReadonlyArray<FieldError>;

  constructor(errors: ReadonlyArray<FieldError>) {
    super(
      'DIAGNOSIS_STATE_INVALID',
      `saved diagnosis context is not readable: ${describeFieldErrors(errors)}`,
      {
        details: { errors },
      },
    );
    this.errors = errors;
  }
}

/** A context-keeper option out of range: the message names the option, its value and what is expected. */
export class DiagnosisOptionError extends VigiaError {
  constructor(option: string, value: unknown, expected: string) {
    super('DIAGNOSIS_OPTION_INVALID', `${option} must be ${expected}, got ${JSON.stringify(value)}`, {
      details: { option, value },
    });
  }
}

/** `diagnose` was given a context gathered for another alert. */
export class DiagnosisContextMismatchError extends VigiaError {
  constructor(alertId: string, contextAlertId: string) {
    super(
      'DIAGNOSIS_CONTEXT_MISMATCH',
      `the context was gathered for alert ${contextAlertId}, not for alert ${alertId}: gather it with contextFor`,
      { details: { alertId, contextAlertId } },
    );
  }
}
