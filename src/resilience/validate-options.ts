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
