import { describe, expect, it } from 'vitest';
import { isRetryableStatus, parseRetryAfter } from './http-answers.js';

describe('Retry-After', () => {
  const now = Date.UTC(2026, 0, 1, 12);
  it('reads seconds or an HTTP date', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(new Date(now + 30_000).toUTCString(), now)).toBe(30_000);
    expect(parseRetryAfter(new Date(now - 30_000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('retries 408, 429 and 5xx only', () => {
    expect([408, 429, 500, 503].map(isRetryableStatus)).toEqual([true, true, true, true]);
    expect([301, 400, 401, 404, 422].map(isRetryableStatus)).toEqual([false, false, false, false, false]);
  });
});
