import { VigiaError } from '../../kernel/index.js';

/** A policy was configured with an invalid option; thrown at construction. */
export class ResilienceConfigError extends VigiaError {
  constructor(policy: string, option: string, expected: string, value: unknown) {
    super(
      'RESILIENCE_CONFIG_INVALID',
      `${policy}: option "${option}" must be ${expected}, got ${JSON.stringify(value)}`,
      {
        details: { policy, option, value },
      },
    );
  }
}
