import { describe, expect, it } from 'vitest';
import { validatePushedSamples } from './metric-sample.js';
import { acceptedOne, MINUTE, NOW, reasonFor } from './test-support.js';

describe('validatePushedSamples: good samples', () => {
  it('accepts the documented push format', () => {
    const body = JSON.parse(
      '{"samples":[{"name":"cpu_percent","value":12.5,"labels":{"service":"api"},"timestamp":"2026-11-22T10:00:00Z"}]}',
    );
    expect(validatePushedSamples(body, NOW)).toEqual({
      accepted: [
        {
          name: 'cpu_percent',
          value: 12.5,
          labels: { service: 'api' },
          timestamp: Date.parse('2026-11-22T10:00:00Z'),
        },
      ],
      rejected: [],
    });
  });

  it('defaults the timestamp to now and the labels to none', () => {
    expect(acceptedOne({ name: 'queue_depth', value: -3 })).toEqual({
      name: 'queue_depth',
      value: -3,
      labels: {},
      timestamp: NOW,
    });
  });

  it('accepts epoch milliseconds and ISO strings with fractions and offsets', () => {
    expect(acceptedOne({ name: 'a', value: 1, timestamp: NOW - 1000 }).timestamp).toBe(NOW - 1000);
    expect(acceptedOne({ name: 'a', value: 1, timestamp: '2026-11-22T10:01:30.250Z' }).timestamp).toBe(
      Date.parse('2026-11-22T10:01:30.250Z'),
    );
    expect(
      acceptedOne({ name: 'a', value: 1, timestamp: '2026-11-22T12:01:30.123456789+02:00' }).timestamp,
    ).toBe(Date.parse('2026-11-22T10:01:30.123Z'));
    expect(acceptedOne({ name: 'a', value: 1, timestamp: '2026-11-22T04:31:00-05:30' }).timestamp).toBe(
      Date.parse('2026-11-22T10:01:00Z'),
    );
    expect(acceptedOne({ name: 'a', value: 1, timestamp: '2026-11-22t10:01:00z' }).timestamp).toBe(
      Date.parse('2026-11-22T10:01:00Z'),
    );
  });

  it('accepts the edges of the time window', () => {
    expect(acceptedOne({ name: 'a', value: 1, timestamp: NOW + 5 * MINUTE }).timestamp).toBe(
      NOW + 5 * MINUTE,
    );
    expect(acceptedOne({ name: 'a', value: 1, timestamp: NOW - 60 * MINUTE }).timestamp).toBe(
      NOW - 60 * MINUTE,
    );
  });

  it('accepts colons in metric names, custom names and any value for them', () => {
    expect(acceptedOne({ name: 'job:http_requests:rate5m', value: 1e12 }).name).toBe(
      'job:http_requests:rate5m',
    );
    expect(acceptedOne({ name: '_private', value: -1e-9 }).value).toBe(-1e-9);
  });

  it('drops labels with an empty value, like Prometheus', () => {
    expect(acceptedOne({ name: 'a', value: 1, labels: { service: 'api', zone: '' } }).labels).toEqual({
      service: 'api',
    });
  });

  it('keeps label names that are Object.prototype members as ordinary labels', () => {
    const sample = acceptedOne(
      JSON.parse('{"name":"a","value":1,"labels":{"constructor":"x","toString":"y","hasOwnProperty":"z"}}'),
    );
    expect(sample.labels).toEqual({ constructor: 'x', toString: 'y', hasOwnProperty: 'z' });
    expect(Object.getPrototypeOf(sample.labels)).toBe(Object.prototype);
  });

  it('accepts 20 labels, 200-character names and values, and non-ASCII values', () => {
    const labels = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`l${i}`, 'v']));
    expect(Object.keys(acceptedOne({ name: 'a', value: 1, labels }).labels)).toHaveLength(20);
    const longName = `a${'b'.repeat(199)}`;
    expect(acceptedOne({ name: longName, value: 1, labels: { x: 'é'.repeat(200) } }).name).toBe(longName);
    expect(acceptedOne({ name: 'a', value: 1, labels: { region: 'São Paulo 🇧🇷' } }).labels.region).toBe(
      'São Paulo 🇧🇷',
    );
  });

  it('accepts an empty list', () => {
    expect(validatePushedSamples({ samples: [] }, NOW)).toEqual({ accepted: [], rejected: [] });
  });
});

describe('validatePushedSamples: rejected samples name the field', () => {
  it('keeps the good samples and rejects the bad ones with their index', () => {
    const result = validatePushedSamples(
      {
        samples: [
          { name: 'cpu_percent', value: 10 },
          { name: 'cpu_percent', value: 20 },
          { name: 'memory_percent', value: 30 },
          { name: 'cpu_percent', value: 'abc' },
          { name: 'cpu_percent', value: 40 },
        ],
      },
      NOW,
    );
    expect(result.accepted.map((s) => s.value)).toEqual([10, 20, 30, 40]);
    expect(result.rejected).toEqual([
      { index: 3, reason: 'samples[3].value: must be a finite number, got "abc"' },
    ]);
  });

  it.each<[string, unknown, string]>([
    ['a string name', { name: 5, value: 1 }, 'samples[0].name: must be a string, got 5'],
    ['no name', { value: 1 }, 'samples[0].name: must be a string, got nothing'],
    ['an empty name', { name: '', value: 1 }, 'samples[0].name: must not be empty'],
    [
      'a Prometheus name',
      { name: 'cpu-percent', value: 1 },
      'samples[0].name: must match ^[a-zA-Z_:][a-zA-Z0-9_:]*$, got "cpu-percent"',
    ],
    [
      'a name not starting with a digit',
      { name: '1cpu', value: 1 },
      'samples[0].name: must match ^[a-zA-Z_:][a-zA-Z0-9_:]*$, got "1cpu"',
    ],
    [
      'at most 200 characters of name',
      { name: 'a'.repeat(201), value: 1 },
      'samples[0].name: must be at most 200 characters, got 201',
    ],
    ['a value', { name: 'a' }, 'samples[0].value: must be a finite number, got nothing'],
    [
      'a numeric value',
      { name: 'a', value: '12.5' },
      'samples[0].value: must be a finite number, got "12.5"',
    ],
    ['a non-null value', { name: 'a', value: null }, 'samples[0].value: must be a finite number, got null'],
    ['a scalar value', { name: 'a', value: [1] }, 'samples[0].value: must be a finite number, got an array'],
    [
      'a finite value',
      { name: 'a', value: Number.POSITIVE_INFINITY },
      'samples[0].value: must be a finite number, got Infinity',
    ],
    [
      'a value that is a number',
      { name: 'a', value: Number.NaN },
      'samples[0].value: must be a finite number, got NaN',
    ],
    [
      'cpu_percent within 0..100',
      { name: 'cpu_percent', value: 140 },
      'samples[0].value: cpu_percent must be between 0 and 100 (percent), got 140',
    ],
    [
      'error_rate as a ratio',
      { name: 'error_rate', value: 12 },
      'samples[0].value: error_rate must be between 0 and 1 (ratio), got 12',
    ],
    [
      'a non-negative response time',
      { name: 'response_time_ms', value: -1 },
      'samples[0].value: response_time_ms must be at least 0 (milliseconds), got -1',
    ],
    [
      'labels as an object',
      { name: 'a', value: 1, labels: ['x'] },
      'samples[0].labels: must be an object of string values, got an array',
    ],
    [
      'non-null labels',
      { name: 'a', value: 1, labels: null },
      'samples[0].labels: must be an object of string values, got null',
    ],
    [
      'string label values',
      { name: 'a', value: 1, labels: { port: 8080 } },
      'samples[0].labels.port: must be a string, got 8080',
    ],
    [
      'valid label names',
      { name: 'a', value: 1, labels: { 'service-name': 'api' } },
      'samples[0].labels["service-name"]: label name must match ^[a-zA-Z_][a-zA-Z0-9_]*$, got "service-name"',
    ],
    [
      'label names not starting with a digit',
      { name: 'a', value: 1, labels: { '1x': 'api' } },
      'samples[0].labels["1x"]: label name must match ^[a-zA-Z_][a-zA-Z0-9_]*$, got "1x"',
    ],
    [
      'no reserved label names',
      { name: 'a', value: 1, labels: { __name__: 'b' } },
      'samples[0].labels.__name__: label name must not start with "__" (reserved), got "__name__"',
    ],
    [
      'at most 200 characters of label value',
      { name: 'a', value: 1, labels: { x: 'v'.repeat(201) } },
      'samples[0].labels.x: must be at most 200 characters, got 201',
    ],
    [
      'well-formed Unicode in label values',
      { name: 'a', value: 1, labels: { x: 'ok\ud800' } },
      'samples[0].labels.x: holds a lone surrogate, which is not valid Unicode',
    ],
    [
      'no U+0000 in label values',
      { name: 'a', value: 1, labels: { x: 'a\u0000b' } },
      'samples[0].labels.x: holds the character U+0000, which cannot be stored',
    ],
    [
      'known fields only',
      { name: 'a', value: 1, lables: { x: 'y' } },
      'samples[0].lables: unknown field, expected name, value, labels or timestamp',
    ],
    ['an object', 'cpu_percent=5', 'samples[0]: expected a sample object, got "cpu_percent=5"'],
    ['a non-null sample', null, 'samples[0]: expected a sample object, got null'],
  ])('requires %s', (_, sample, reason) => {
    expect(reasonFor(sample)).toBe(reason);
  });

  it('refuses more than 20 labels', () => {
    const labels = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`l${i}`, 'v']));
    expect(reasonFor({ name: 'a', value: 1, labels })).toBe('samples[0].labels: at most 20 labels, got 21');
  });

  it('refuses __proto__ as a label name or a field without touching any prototype', () => {
    const body = JSON.parse(
      '{"samples":[{"name":"a","value":1,"labels":{"__proto__":"x"}},{"name":"a","value":1,"__proto__":{}}]}',
    );
    const result = validatePushedSamples(body, NOW);
    expect(result.rejected).toEqual([
      {
        index: 0,
        reason:
          'samples[0].labels.__proto__: label name must not start with "__" (reserved), got "__proto__"',
      },
      { index: 1, reason: 'samples[1].__proto__: unknown field, expected name, value, labels or timestamp' },
    ]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('reports every problem of a sample at once', () => {
    expect(reasonFor({ name: 'bad name', value: 'x', labels: { 'a b': 'c' }, timestamp: 'yesterday' })).toBe(
      [
        'samples[0].name: must match ^[a-zA-Z_:][a-zA-Z0-9_:]*$, got "bad name"',
        'samples[0].value: must be a finite number, got "x"',
        'samples[0].labels["a b"]: label name must match ^[a-zA-Z_][a-zA-Z0-9_]*$, got "a b"',
        'samples[0].timestamp: must be an ISO 8601 date-time with a zone (2026-11-22T10:00:00Z), got "yesterday"',
      ].join('; '),
    );
  });

  it('keeps reasons short and printable whatever the client sent', () => {
    const reason = reasonFor({ name: `${'\ud83d'}${'x'.repeat(10_000)}\u0000`, value: 1 });
    expect(reason.length).toBeLessThan(200);
    expect(reason.isWellFormed()).toBe(true);
    expect(reason).not.toContain('\u0000');
    const key = `${'k'.repeat(5000)}\n`;
    const fieldReason = reasonFor({ name: 'a', value: 1, [key]: 1 });
    expect(fieldReason.length).toBeLessThan(200);
    expect(fieldReason).not.toContain('\n');
  });
});
