import { describe, expect, it } from 'vitest';
import { isStandardMetricName, STANDARD_METRICS, standardMetricRangeProblem } from './standard-metrics.js';

describe('STANDARD_METRICS', () => {
  it('names the five standard series with their units', () => {
    expect(Object.keys(STANDARD_METRICS).sort()).toEqual([
      'cpu_percent',
      'error_rate',
      'memory_percent',
      'requests_per_second',
      'response_time_ms',
    ]);
    expect(STANDARD_METRICS.cpu_percent.unit).toBe('percent');
    expect(STANDARD_METRICS.error_rate).toMatchObject({ unit: 'ratio', min: 0, max: 1 });
    expect(STANDARD_METRICS.response_time_ms).toMatchObject({ unit: 'milliseconds', min: 0 });
  });

  it('treats only its own keys as standard (not Object.prototype members)', () => {
    expect(isStandardMetricName('cpu_percent')).toBe(true);
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'cpu']) {
      expect(isStandardMetricName(name)).toBe(false);
      expect(standardMetricRangeProblem(name, -5)).toBeUndefined();
    }
  });
});

describe('standardMetricRangeProblem', () => {
  it.each([
    ['cpu_percent', 0],
    ['cpu_percent', 100],
    ['memory_percent', 55.5],
    ['error_rate', 0],
    ['error_rate', 1],
    ['response_time_ms', 0],
    ['response_time_ms', 1e9],
    ['requests_per_second', 12_000],
  ])('accepts %s = %d', (name, value) => {
    expect(standardMetricRangeProblem(name, value)).toBeUndefined();
  });

  it.each([
    ['cpu_percent', 100.01, 'cpu_percent must be between 0 and 100 (percent), got 100.01'],
    ['cpu_percent', -1, 'cpu_percent must be between 0 and 100 (percent), got -1'],
    ['memory_percent', 140, 'memory_percent must be between 0 and 100 (percent), got 140'],
    ['error_rate', 5, 'error_rate must be between 0 and 1 (ratio), got 5'],
    ['response_time_ms', -0.5, 'response_time_ms must be at least 0 (milliseconds), got -0.5'],
    ['requests_per_second', -3, 'requests_per_second must be at least 0 (per_second), got -3'],
    ['cpu_percent', Number.NaN, 'cpu_percent must be between 0 and 100 (percent), got NaN'],
  ])('rejects %s = %d', (name, value, reason) => {
    expect(standardMetricRangeProblem(name, value)).toBe(reason);
  });

  it('accepts any value for a custom series', () => {
    expect(standardMetricRangeProblem('queue_depth', -42)).toBeUndefined();
    expect(standardMetricRangeProblem('cpu_percent_total', 500)).toBeUndefined();
  });
});
