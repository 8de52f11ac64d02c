import type { CheckResult } from './check-types.js';

/** A `down` result; `details` only when there is something worth keeping. */
export function downResult(
  latencyMs: number,
  message: string,
  details?: Record<string, unknown>,
): CheckResult {
  return details === undefined
    ? { status: 'down', latencyMs, message }
    : { status: 'down', latencyMs, message, details };
}
