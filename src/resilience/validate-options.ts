import { ResilienceConfigError } from './errors/ResilienceConfigError.js';

/** Checks a duration option: a finite number ≥ `min` milliseconds. */
export function durationOption(
  policy: string,
  option: string,
  value: number | undefined,
  fallback: number,
  min = 0,
): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
    throw new ResilienceConfigError(policy, option, `a duration in ms ≥ ${min}`, v);
  }
  return v;
}

/** Checks an integer option ≥ `min`. */
export function integerOption(
  policy: string,
  option: string,
  value: number | undefined,
  fallback: number,
  min = 1,
): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new ResilienceConfigError(policy, option, `an integer ≥ ${min}`, v);
  }
  return v;
}

/** Checks a ratio option in [min, 1]. */
export function ratioOption(
  policy: string,
  option: string,
  value: number | undefined,
  fallback: number,
  min = 0,
): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > 1) {
    throw new ResilienceConfigError(policy, option, `a number between ${min} and 1`, v);
  }
  return v;
}

/** Checks backoff settings (`<prefix>.baseMs` ≥ 0, `<prefix>.maxMs` ≥ baseMs) of a component built on the policies. */
export function checkBackoffSettings(
  component: string,
  prefix: string,
  backoff: { baseMs: number; maxMs: number },
): void {
  durationOption(component, `${prefix}.baseMs`, backoff.baseMs, 0);
  if (!Number.isFinite(backoff.maxMs) || backoff.maxMs < backoff.baseMs) {
    throw new ResilienceConfigError(
      component,
      `${prefix}.maxMs`,
      `a duration in ms ≥ baseMs (${backoff.baseMs})`,
      backoff.maxMs,
    );
  }
}

/** Checks the settings of the breakers a component keeps per destination. */
export function checkBreakerSettings(
  component: string,
  breaker: { failureThreshold: number; openMs: number },
): void {
  integerOption(component, 'breaker.failureThreshold', breaker.failureThreshold, 1);
  durationOption(component, 'breaker.openMs', breaker.openMs, 0);
}
