import { VigiaError } from '../../kernel/index.js';

/** A metric query parameter is wrong (`VALIDATION_FAILED`), or it matches too many series (`TOO_MANY_SERIES`). */
export class MetricQueryError extends VigiaError {
  constructor(
    /** The parameter at fault: `name`, `label`, `after`, `from`, `to`, `stepMinutes`, `aggregate`, `limit`. */
    readonly field: string,
    message: string,
    code: 'VALIDATION_FAILED' | 'TOO_MANY_SERIES' = 'VALIDATION_FAILED',
  ) {
    super(code, message, { details: { field } });
  }
}
