import { describe, expect, it } from 'vitest';
import { resolveTimeRange } from '../../ui/time-range.js';
import {
  type BandSeries,
  bandValuesPath,
  dynamicRules,
  labelText,
  seriesLabels,
  seriesOfBand,
  serviceBands,
} from './dynamic-band.js';

const band = (labels: Record<string, string>): BandSeries => ({
  labels,
  fingerprint: JSON.stringify(labels),
  median: 20,
  lower: 10,
  upper: 30,
  points: 40,
});

describe('dynamicRules', () => {
  it('keeps the rules of kind dynamic with their series', () => {
    const rules = dynamicRules([
      { id: '1', name: 'cpu-baseline', condition: { kind: 'dynamic', series: 'cpu_percent' } },
      { id: '2', name: 'down', condition: { kind: 'monitor_down' } },
      { id: '3', name: 'odd' },
    ]);
    expect(rules.map((r) => [r.name, r.series])).toEqual([['cpu-baseline', 'cpu_percent']]);
  });
});

describe('serviceBands', () => {
  const [rule] = dynamicRules([
    { id: '1', name: 'cpu', condition: { kind: 'dynamic', series: 'cpu_percent' } },
  ]);
  it('keeps the series labelled with the service or one of its monitors', () => {
    const bands = [
      band({ service: 'db', host: 'a' }),
      band({ service: 'api' }),
      band({ monitor_id: 'm1' }),
      band({ host: 'b' }),
    ];
    const kept = serviceBands(rule!, bands, 'db', new Set(['m1']));
    expect(kept.map((b) => b.labels)).toEqual([{ service: 'db', host: 'a' }, { monitor_id: 'm1' }]);
    expect(kept[0]).toMatchObject({ rule: 'cpu', series: 'cpu_percent', lower: 10, upper: 30 });
    expect(serviceBands(rule!, bands, 'web', new Set())).toEqual([]);
  });
});

describe('bandValuesPath and seriesOfBand', () => {
  const [rule] = dynamicRules([
    { id: '1', name: 'cpu', condition: { kind: 'dynamic', series: 'cpu_percent' } },
  ]);
  const [b] = serviceBands(
    rule!,
    [band({ service: 'db', host: 'a=b', alertname: 'cpu', severity: 'warning', team: 'data' })],
    'db',
    new Set(),
  );

  it('asks for the series of the service over the range', () => {
    const range = resolveTimeRange('6h', Date.parse('2026-03-04T10:17:42Z'));
    const query = new URL(bandValuesPath(b!, range), 'http://x').searchParams;
    expect(query.get('name')).toBe('cpu_percent');
    expect(query.getAll('label')).toEqual(['service=db']);
    expect(query.get('stepMinutes')).toBe('2');
    expect(query.get('from')).toBe(range.from);
  });

  it('picks the series whose labels the band carries, ignoring the alert’s own labels', () => {
    const series = [
      { labels: { service: 'db', host: 'c' }, points: [1] },
      { labels: { service: 'db', host: 'a=b' }, points: [2] },
    ];
    expect(seriesOfBand(series, b!)?.points).toEqual([2]);
    expect(seriesOfBand([{ labels: { service: 'db', host: 'z' } }], b!)).toBeUndefined();
    expect(seriesLabels(b!)).toEqual({ service: 'db', host: 'a=b', team: 'data' });
  });
});

describe('labelText', () => {
  it('writes labels as matchers', () => {
    expect(labelText({ service: 'db', host: 'a' })).toBe('service="db", host="a"');
  });
});
