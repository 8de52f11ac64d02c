import type { ExpectedVersion } from './envelope.js';

/** True when a stream at version `actual` (0 = no stream) satisfies `expected`. */
export function versionMatches(expected: ExpectedVersion, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no-stream') return actual === 0;
  if (expected === 'exists') return actual > 0;
  return expected === actual;
}
