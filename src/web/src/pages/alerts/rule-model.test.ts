import { describe, expect, it } from 'vitest';
import { backtestRequest, conditionSummary, firingSpans, seriesLabelsText } from './rule-model.js';

describe('conditionSummary', () => {
  it('says a threshold with its aggregate, series, window and comparison', () => {
    expect(
      conditionSummary({
        kind: 'threshold',
        series: 'cpu_percent',
        matchers: ['service="api"'],
        aggregate: 'avg',
        window: '5m',
        op: '>',
        threshold: 90,
      }),
    ).toBe('avg(cpu_percent{service="api"}) over 5m > 90');
    expect(conditionSummary({ kind: 'threshold', series: 'cpu_percent', op: '>', threshold: 90 })).toBe(
      'last(cpu_percent) > 90',
    );
    expect(
      conditionSummary({
        kind: 'threshold',
        series: 'latency_ms',
        aggregate: 'percentile',
        percentile: 95,
        window: '1m',
        op: '>=',
        threshold: 800,
      }),
    ).toBe('p95(latency_ms) over 1m >= 800');
  });

  it('says the other kinds in words', () => {
    expect(conditionSummary({ kind: 'monitor_down', matchers: ['demo="true"'] })).toBe(
      'a monitor {demo="true"} is down',
    );
    expect(conditionSummary({ kind: 'heartbeat_missing' })).toBe('a heartbeat is missing');
    expect(conditionSummary({ kind: 'certificate_expiry', days: 14 })).toBe(
      'a certificate expires within 14 days',
    );
    expect(conditionSummary({ kind: 'dynamic', series: 'orders', direction: 'below' })).toBe(
      'orders leaves its learned band (below)',
    );
    expect(conditionSummary({ kind: 'future_kind' })).toBe('future_kind');
  });
});

describe('seriesLabelsText', () => {
  it('lists the series labels by name, without alertname and severity', () => {
    expect(seriesLabelsText({ severity: 'critical', service: 'api', alertname: 'x', env: 'prod' })).toBe(
      'env=prod, service=api',
    );
  });
});

describe('firingSpans', () => {
  it('pairs each fire with its series’ resolve, leaving one still firing at the end open', () => {
    const api = { service: 'api', alertname: 'cpu' };
    const db = { service: 'db', alertname: 'cpu' };
    const spans = firingSpans({
      transitions: [
        { type: 'resolved', at: '2026-01-01T10:05:00.000Z', labels: api, value: 10 },
        { type: 'pending', at: '2026-01-01T09:59:00.000Z', labels: api, value: 95 },
        { type: 'fired', at: '2026-01-01T10:00:00.000Z', labels: api, value: 95 },
        { type: 'fired', at: '2026-01-01T10:02:00.000Z', labels: db, value: 99 },
        { type: 'fired', at: '2026-01-01T10:10:00.000Z', labels: api, value: 97 },
      ],
    });
    expect(spans).toEqual([
      {
        series: 'service=api',
        firedAt: '2026-01-01T10:00:00.000Z',
        resolvedAt: '2026-01-01T10:05:00.000Z',
        value: 95,
      },
      { series: 'service=db', firedAt: '2026-01-01T10:02:00.000Z', resolvedAt: null, value: 99 },
      { series: 'service=api', firedAt: '2026-01-01T10:10:00.000Z', resolvedAt: null, value: 97 },
    ]);
  });

  it('has nothing when the rule would not have fired', () => {
    expect(firingSpans({ transitions: [] })).toEqual([]);
  });
});

describe('backtestRequest', () => {
  it('tests the stored rule from the start of the range up to now', () => {
    const now = Date.parse('2026-01-02T00:00:00Z');
    expect(backtestRequest('rule-1', '24h', now)).toEqual({
      ruleId: 'rule-1',
      from: '2026-01-01T00:00:00.000Z',
    });
    expect(backtestRequest('rule-1', '1h', now).from).toBe('2026-01-01T23:00:00.000Z');
  });
});
