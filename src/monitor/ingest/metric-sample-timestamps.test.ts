import { describe, expect, it } from 'vitest';
import { validatePushedSamples } from './metric-sample.js';
import { acceptedOne, MINUTE, NOW, reasonFor } from './test-support.js';

describe('validatePushedSamples: timestamps', () => {
  it.each<[string, unknown, string]>([
    [
      'more than 5 minutes ahead',
      NOW + 5 * MINUTE + 1,
      `samples[0].timestamp: ${NOW + 5 * MINUTE + 1} is more than 5 minutes in the future`,
    ],
    [
      'an ISO string far ahead',
      '2026-11-22T11:00:00Z',
      'samples[0].timestamp: "2026-11-22T11:00:00Z" is more than 5 minutes in the future',
    ],
    [
      'older than an hour',
      '2026-11-22T09:01:59.999Z',
      'samples[0].timestamp: "2026-11-22T09:01:59.999Z" is older than the maximum age of 1 hour',
    ],
    [
      'seconds instead of milliseconds',
      Math.floor(NOW / 1000),
      `samples[0].timestamp: ${Math.floor(NOW / 1000)} is older than the maximum age of 1 hour (it looks like seconds; send milliseconds)`,
    ],
    [
      'fractional milliseconds',
      NOW + 0.5,
      `samples[0].timestamp: epoch milliseconds must be a whole number, got ${NOW + 0.5}`,
    ],
    [
      'a date without a zone',
      '2026-11-22T10:00:00',
      'samples[0].timestamp: must be an ISO 8601 date-time with a zone (2026-11-22T10:00:00Z), got "2026-11-22T10:00:00"',
    ],
    [
      'an impossible date',
      '2026-02-30T10:00:00Z',
      'samples[0].timestamp: must be an ISO 8601 date-time with a zone (2026-11-22T10:00:00Z), got "2026-02-30T10:00:00Z"',
    ],
    [
      'hour 24',
      '2026-11-22T24:00:00Z',
      'samples[0].timestamp: must be an ISO 8601 date-time with a zone (2026-11-22T10:00:00Z), got "2026-11-22T24:00:00Z"',
    ],
    [
      'a date only',
      '2026-11-22',
      'samples[0].timestamp: must be an ISO 8601 date-time with a zone (2026-11-22T10:00:00Z), got "2026-11-22"',
    ],
    ['a boolean', true, 'samples[0].timestamp: must be an ISO 8601 string or epoch milliseconds, got true'],
    ['null', null, 'samples[0].timestamp: must be an ISO 8601 string or epoch milliseconds, got null'],
  ])('rejects %s', (_, timestamp, reason) => {
    expect(reasonFor({ name: 'a', value: 1, timestamp })).toBe(reason);
  });

  it('handles leap days', () => {
    const leapNow = Date.parse('2028-02-29T10:00:00Z');
    expect(acceptedOne({ name: 'a', value: 1, timestamp: '2028-02-29T10:00:00Z' }, leapNow).timestamp).toBe(
      leapNow,
    );
    expect(reasonFor({ name: 'a', value: 1, timestamp: '2027-02-29T10:00:00Z' })).toContain(
      'must be an ISO 8601',
    );
  });

  it('takes a configurable maximum age and future slack', () => {
    const body = { samples: [{ name: 'a', value: 1, timestamp: NOW - 2 * 60 * MINUTE }] };
    expect(validatePushedSamples(body, NOW).rejected[0]?.reason).toContain(
      'older than the maximum age of 1 hour',
    );
    expect(validatePushedSamples(body, NOW, { maxAgeMs: 3 * 60 * MINUTE }).accepted).toHaveLength(1);
    expect(validatePushedSamples(body, NOW, { maxAgeMs: 90_000 }).rejected[0]?.reason).toContain(
      'older than the maximum age of 90 seconds',
    );
    const ahead = { samples: [{ name: 'a', value: 1, timestamp: NOW + 1000 }] };
    expect(validatePushedSamples(ahead, NOW, { maxFutureMs: 0 }).rejected[0]?.reason).toContain(
      'more than 0 ms in the future',
    );
  });

  it('refuses nonsensical limits (a caller bug, not bad input)', () => {
    expect(() => validatePushedSamples({ samples: [] }, NOW, { maxAgeMs: -1 })).toThrow(RangeError);
    expect(() => validatePushedSamples({ samples: [] }, NOW, { maxSamples: Number.NaN })).toThrow(RangeError);
  });
});
