import { describe, expect, it } from 'vitest';
import { DEFAULT_PUSH_LIMITS, type PushValidation, validatePushedSamples } from './metric-sample.js';
import { NOW, randomJson, seededRandom } from './test-support.js';

describe('validatePushedSamples: the whole body', () => {
  const refused = (body: unknown): PushValidation['error'] => {
    const result = validatePushedSamples(body, NOW);
    expect(result.accepted).toEqual([]);
    expect(result.rejected).toEqual([]);
    return result.error;
  };

  it.each<[string, unknown, string]>([
    ['null', null, 'body: expected {"samples": [...]}, got null'],
    ['an array', [{ name: 'a', value: 1 }], 'body: expected {"samples": [...]}, got an array'],
    ['a string', 'samples', 'body: expected {"samples": [...]}, got "samples"'],
    ['a number', 42, 'body: expected {"samples": [...]}, got 42'],
    ['an empty object', {}, 'body.samples: expected an array of samples, got nothing'],
    [
      'samples as an object',
      { samples: { 0: {} } },
      'body.samples: expected an array of samples, got an object',
    ],
    ['a misspelt key', { sample: [] }, 'body.sample: unknown field, expected only "samples"'],
    [
      'extra keys',
      { samples: [], labels: { a: 'b' } },
      'body.labels: unknown field, expected only "samples"',
    ],
  ])('refuses %s as invalid_body', (_, body, message) => {
    expect(refused(body)).toEqual({ code: 'invalid_body', message });
  });

  it('refuses more than 5,000 samples as too_many_samples, without looking at them', () => {
    expect(DEFAULT_PUSH_LIMITS.maxSamples).toBe(5000);
    const samples = Array.from({ length: 5001 }, () => ({ name: 'a', value: 1 }));
    expect(refused({ samples })).toEqual({
      code: 'too_many_samples',
      message: 'body.samples: at most 5000 samples per request, got 5001',
    });
    expect(validatePushedSamples({ samples: samples.slice(1) }, NOW).accepted).toHaveLength(5000);
    expect(validatePushedSamples({ samples: samples.slice(0, 3) }, NOW, { maxSamples: 2 }).error?.code).toBe(
      'too_many_samples',
    );
  });

  it('never throws, whatever JSON arrives', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 2000; i++) {
      const body =
        i % 2 === 0 ? randomJson(random, 4) : { samples: [randomJson(random, 4), randomJson(random, 4)] };
      const parsed: unknown = JSON.parse(JSON.stringify(body) ?? 'null');
      const result = validatePushedSamples(parsed, NOW);
      const samples =
        typeof parsed === 'object' && parsed !== null ? (parsed as { samples?: unknown }).samples : [];
      const expected = Array.isArray(samples) && result.error === undefined ? samples.length : 0;
      expect(result.accepted.length + result.rejected.length).toBe(expected);
    }
    let deep: unknown = { name: 'a', value: 1 };
    for (let i = 0; i < 10_000; i++) deep = { labels: deep };
    expect(() => validatePushedSamples(deep, NOW)).not.toThrow();
    expect(() => validatePushedSamples({ samples: [deep] }, NOW)).not.toThrow();
    expect(() => validatePushedSamples(Object.create(null), NOW)).not.toThrow();
    expect(validatePushedSamples(new Map(), NOW).error?.code).toBe('invalid_body');
  });
});
