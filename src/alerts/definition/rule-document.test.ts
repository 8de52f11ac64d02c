import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import type { FieldError } from '../../kernel/index.js';
import { CHECK_SERIES } from '../check-series.js';
import {
  type AlertRuleDocument,
  alertRuleJsonSchema,
  compileAlertRule,
  parseAlertRule,
  unknownSeriesError,
} from './rule-document.js';

const threshold = { kind: 'threshold', series: 'cpu_percent', op: '>', threshold: 90 };
const base = { name: 'api-cpu-high', severity: 'critical', condition: threshold };

function parsed(doc: unknown): AlertRuleDocument {
  const result = parseAlertRule(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

function errors(doc: unknown): FieldError[] {
  const result = parseAlertRule(doc);
  if (result.ok) throw new Error('the document was accepted');
  return result.errors;
}

function errorOn(doc: unknown, field: string): string {
  const found = errors(doc).find((error) => error.field === field);
  if (!found) throw new Error(`no error on ${field}: ${JSON.stringify(errors(doc))}`);
  return found.message;
}

describe('parseAlertRule', () => {
  it('fills in the defaults of a minimal threshold rule', () => {
    expect(parsed(base)).toEqual({
      name: 'api-cpu-high',
      enabled: true,
      severity: 'critical',
      for: '0s',
      keepFiringFor: '0s',
      labels: {},
      annotations: {},
      flapDetection: { enabled: true, window: '10m', maxChanges: 6, settle: '10m' },
      condition: { ...threshold, matchers: [], aggregate: 'last', window: '1m' },
    });
  });

  it('fills in dynamic defaults, with a longer history for hour_of_week seasonality', () => {
    const plain = parsed({ ...base, condition: { kind: 'dynamic', series: 'cpu_percent' } });
    expect(plain.condition).toEqual({
      kind: 'dynamic',
      series: 'cpu_percent',
      matchers: [],
      aggregate: 'avg',
      window: '1m',
      direction: 'above',
      baseline: { seasonality: 'none', history: '1d', k: 3, minPoints: 30 },
    });
    const weekly = parsed({
      ...base,
      condition: { kind: 'dynamic', series: 'cpu_percent', baseline: { seasonality: 'hour_of_week' } },
    });
    expect(weekly.condition).toMatchObject({ baseline: { seasonality: 'hour_of_week', history: '4w' } });
  });

  it('accepts the monitor kinds', () => {
    expect(
      parsed({ ...base, condition: { kind: 'monitor_down', matchers: ['service="api"'] } }).condition,
    ).toEqual({ kind: 'monitor_down', matchers: ['service="api"'] });
    expect(parsed({ ...base, condition: { kind: 'heartbeat_missing' } }).condition.kind).toBe(
      'heartbeat_missing',
    );
    expect(parsed({ ...base, condition: { kind: 'certificate_expiry', days: 14 } }).condition).toEqual({
      kind: 'certificate_expiry',
      days: 14,
      matchers: [],
    });
  });

  it('names each missing required field', () => {
    expect(errors({})).toEqual([
      { field: 'name', message: 'is required (an identifier such as api-cpu-high)' },
      { field: 'severity', message: 'is required (one of info, warning, error, critical)' },
      {
        field: 'condition',
        message:
          'is required (an object whose kind is one of threshold, dynamic, monitor_down, heartbeat_missing, certificate_expiry)',
      },
    ]);
    expect(
      errorOn({ ...base, condition: { kind: 'threshold', series: 'x', op: '>' } }, 'condition.threshold'),
    ).toBe('is required (a finite number)');
    expect(errorOn({ ...base, condition: { kind: 'certificate_expiry' } }, 'condition.days')).toContain(
      'is required',
    );
  });

  it('refuses a document that is not an object', () => {
    expect(errors(null)).toEqual([
      { field: '(document)', message: 'must be an alert rule document (an object), got null' },
    ]);
  });

  it('refuses unknown fields by name, also fields of another condition kind', () => {
    const result = errors({
      ...base,
      extra: 1,
      condition: { ...threshold, days: 3 },
      flapDetection: { windw: '1m' },
    });
    expect(result).toEqual(
      expect.arrayContaining([
        { field: 'extra', message: 'is not a known field' },
        { field: 'condition.days', message: 'is not a known field' },
        { field: 'flapDetection.windw', message: 'is not a known field' },
      ]),
    );
  });

  it('names the value given for wrong names, severities, kinds and operators', () => {
    expect(errorOn({ ...base, name: '-bad' }, 'name')).toContain('got "-bad"');
    expect(errorOn({ ...base, name: 'x'.repeat(101) }, 'name')).toContain('at most 100 characters');
    expect(errorOn({ ...base, severity: 'urgent' }, 'severity')).toBe(
      'must be one of info, warning, error, critical, got "urgent"',
    );
    expect(errorOn({ ...base, condition: { kind: 'spike' } }, 'condition.kind')).toBe(
      'must be one of threshold, dynamic, monitor_down, heartbeat_missing, certificate_expiry, got "spike"',
    );
    expect(errorOn({ ...base, condition: { ...threshold, op: '=>' } }, 'condition.op')).toBe(
      'must be one of > >= < <= == !=, got "=>"',
    );
    expect(
      errorOn({ ...base, condition: { ...threshold, series: 'cpu-percent' } }, 'condition.series'),
    ).toContain('got "cpu-percent"');
    expect(
      errorOn({ ...base, condition: { ...threshold, aggregate: 'mean' } }, 'condition.aggregate'),
    ).toContain('got "mean"');
  });

  it('refuses bad durations with the common duration message', () => {
    expect(errorOn({ ...base, for: '5 minutes' }, 'for')).toBe(
      'must be a duration such as 30s, 5m, 1h30m or 2d (at most 1 year), got "5 minutes"',
    );
    expect(errorOn({ ...base, condition: { ...threshold, window: '5x' } }, 'condition.window')).toContain(
      'must be a duration such as 30s',
    );
    expect(errorOn({ ...base, keepFiringFor: '400d' }, 'keepFiringFor')).toContain('at most 1 year');
    expect(errorOn({ ...base, flapDetection: { settle: '0s' } }, 'flapDetection.settle')).toContain(
      'longer than 0s',
    );
    expect(errors({ ...base, for: '5x' })).toHaveLength(1);
  });

  it('checks how the window is aggregated', () => {
    const condition = { ...threshold, aggregate: 'percentile', window: '0s' };
    expect(errorOn({ ...base, condition }, 'condition.percentile')).toContain(
      'is required with aggregate percentile',
    );
    expect(errorOn({ ...base, condition }, 'condition.window')).toBe(
      'must be longer than 0s for aggregate percentile, got "0s"',
    );
    expect(errorOn({ ...base, condition: { ...threshold, percentile: 95 } }, 'condition.percentile')).toBe(
      'is only allowed with aggregate percentile, not last',
    );
    expect(
      errorOn(
        { ...base, condition: { ...threshold, aggregate: 'percentile', percentile: 0 } },
        'condition.percentile',
      ),
    ).toContain('greater than 0 and at most 100, got 0');
    expect(parsed({ ...base, condition: { ...threshold, window: '0s' } }).condition).toMatchObject({
      window: '0s',
    });
  });

  it('checks the dynamic baseline', () => {
    const dynamic = (baseline: unknown) => ({
      ...base,
      condition: { kind: 'dynamic', series: 'cpu', baseline },
    });
    expect(errorOn(dynamic({ history: '9w' }), 'condition.baseline.history')).toBe(
      'must be at most 8w, got "9w"',
    );
    expect(errorOn(dynamic({ k: 0 }), 'condition.baseline.k')).toBe('must be greater than 0, got 0');
    expect(errorOn(dynamic({ minPoints: 2.5 }), 'condition.baseline.minPoints')).toContain('whole number');
    expect(errorOn(dynamic({ seasonality: 'daily' }), 'condition.baseline.seasonality')).toContain(
      'got "daily"',
    );
    expect(errorOn(dynamic({ history: '10m', minPoints: 30 }), 'condition.baseline.minPoints')).toBe(
      'can never be reached: a history of 10m holds at most 10 minute values, got 30',
    );
    expect(
      errorOn(
        { ...base, condition: { kind: 'dynamic', series: 'cpu', direction: 'up' } },
        'condition.direction',
      ),
    ).toContain('one of above, below, both, got "up"');
  });

  it('checks matchers, labels and annotations by entry', () => {
    expect(
      errorOn({ ...base, condition: { ...threshold, matchers: ['a="b"', 'oops'] } }, 'condition.matchers[1]'),
    ).toBe('"oops" is not a matcher such as service="api" or team=~"ops|db"');
    expect(
      errorOn({ ...base, condition: { ...threshold, matchers: ['a=~"("'] } }, 'condition.matchers[0]'),
    ).toContain('is not a valid regular expression');
    expect(errorOn({ ...base, labels: { 'team-name': 'ops' } }, 'labels.team-name')).toContain(
      'label names must match',
    );
    expect(errorOn({ ...base, labels: { team: 3 } }, 'labels.team')).toBe('must be a text value, got 3');
    expect(errorOn({ ...base, labels: { severity: 'low' } }, 'labels.severity')).toContain('is set by Vigia');
    const labels = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`l${i}`, 'x']));
    expect(errorOn({ ...base, labels }, 'labels')).toBe('must have at most 30 entries, got 31');
    expect(errorOn({ ...base, annotations: { summary: 'CPU {{ $value' } }, 'annotations.summary')).toBe(
      'is not a valid template: "{{" at position 5 is not closed with "}}"',
    );
  });

  it('never throws on values of the wrong type, naming the field instead', () => {
    const full = {
      ...base,
      description: 'd',
      for: '1m',
      labels: { a: 'b' },
      annotations: { summary: 's' },
      flapDetection: { enabled: true, window: '1m', maxChanges: 2, settle: '1m' },
      condition: {
        kind: 'dynamic',
        series: 'cpu',
        matchers: ['a="b"'],
        aggregate: 'percentile',
        percentile: 90,
        window: '1m',
        direction: 'both',
        baseline: { seasonality: 'none', history: '1d', k: 3, minPoints: 30 },
      },
    };
    const wrong = [null, 5, 'x', [], {}, true, -1, '0s'];
    const paths = [
      ...Object.keys(full).map((key) => [key]),
      ...Object.keys(full.condition).map((key) => ['condition', key]),
      ...Object.keys(full.condition.baseline).map((key) => ['condition', 'baseline', key]),
      ...Object.keys(full.flapDetection).map((key) => ['flapDetection', key]),
    ];
    for (const path of paths) {
      for (const value of wrong) {
        const doc = structuredClone(full) as Record<string, unknown>;
        let target = doc;
        for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
        target[path[path.length - 1]!] = value;
        const result = parseAlertRule(doc);
        if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
      }
    }
  });

  it('checks certificate days and flap settings', () => {
    expect(errorOn({ ...base, condition: { kind: 'certificate_expiry', days: 400 } }, 'condition.days')).toBe(
      'must be a whole number of days from 1 to 365, got 400',
    );
    expect(errorOn({ ...base, flapDetection: { maxChanges: 0 } }, 'flapDetection.maxChanges')).toContain(
      'got 0',
    );
    expect(errorOn({ ...base, enabled: 'yes' }, 'enabled')).toBe('must be true or false, got "yes"');
  });
});

describe('alertRuleJsonSchema', () => {
  // ajv is CommonJS: under NodeNext its class is the default export's `default`.
  const Ajv = AjvModule.default;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(alertRuleJsonSchema);

  it('has no $schema key and accepts what the parser accepts', () => {
    expect(alertRuleJsonSchema).not.toHaveProperty('$schema');
    const accepted = [
      base,
      {
        ...base,
        description: 'CPU too high',
        enabled: false,
        for: '2m',
        keepFiringFor: '1m',
        labels: { team: 'ops' },
        annotations: { summary: 'CPU at {{ $value }}%', runbook: 'https://wiki/cpu' },
        flapDetection: { enabled: true, window: '10m', maxChanges: 6, settle: '10m' },
        condition: {
          ...threshold,
          matchers: ['service="api"'],
          aggregate: 'percentile',
          percentile: 95,
          window: '5m',
        },
      },
      {
        ...base,
        condition: {
          kind: 'dynamic',
          series: 'latency',
          direction: 'both',
          baseline: { seasonality: 'hour_of_week', history: '8w', k: 2.5, minPoints: 10 },
        },
      },
      { ...base, condition: { kind: 'monitor_down', staleAfter: '2h' } },
      { ...base, condition: { kind: 'certificate_expiry', days: 14, matchers: ['monitor="web"'] } },
    ];
    for (const doc of accepted) {
      expect(parseAlertRule(doc).ok).toBe(true);
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
      // The stored (defaulted) document is accepted too.
      expect(validate(parsed(doc)), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('refuses unknown fields', () => {
    expect(validate({ ...base, extra: true })).toBe(false);
    expect(validate({ ...base, condition: { ...threshold, days: 3 } })).toBe(false);
  });
});

describe('unknownSeriesError', () => {
  it('names a series that has no samples yet', () => {
    const doc = parsed(base);
    expect(unknownSeriesError(doc, new Set(['memory_percent']))).toEqual({
      field: 'condition.series',
      message:
        'series "cpu_percent" has no recorded samples; record samples of it before creating a rule on it',
    });
    expect(unknownSeriesError(doc, new Set(['cpu_percent']))).toBeUndefined();
  });

  it('always knows the check series and the monitor kinds', () => {
    const onLatency = parsed({ ...base, condition: { ...threshold, series: CHECK_SERIES.latencyMs } });
    expect(unknownSeriesError(onLatency, new Set())).toBeUndefined();
    expect(
      unknownSeriesError(parsed({ ...base, condition: { kind: 'monitor_down' } }), new Set()),
    ).toBeUndefined();
  });
});

describe('compileAlertRule', () => {
  it('turns durations into milliseconds and compiles matchers and templates', () => {
    const rule = compileAlertRule(
      'r1',
      parsed({
        ...base,
        for: '2m',
        keepFiringFor: '30s',
        labels: { team: 'ops' },
        annotations: { summary: '{{ $labels.service }} at {{ $value }}' },
        condition: { ...threshold, matchers: ['service="api"'], aggregate: 'avg', window: '5m' },
      }),
    );
    expect(rule).toMatchObject({
      id: 'r1',
      name: 'api-cpu-high',
      enabled: true,
      severity: 'critical',
      forMs: 120_000,
      keepFiringForMs: 30_000,
      labels: { team: 'ops' },
      flap: { enabled: true, windowMs: 600_000, maxChanges: 6, settleMs: 600_000 },
      condition: {
        kind: 'threshold',
        series: 'cpu_percent',
        aggregate: 'avg',
        windowMs: 300_000,
        staleMs: 600_000,
      },
    });
    expect(rule.condition.matchers[0]!.matches({ service: 'api' })).toBe(true);
    expect(rule.condition.matchers[0]!.matches({ service: 'web' })).toBe(false);
    expect(rule.annotations.summary!.render({ value: 95, threshold: 90, labels: { service: 'api' } })).toBe(
      'api at 95',
    );
  });

  it('resolves the monitor kinds to thresholds on the check series', () => {
    const down = compileAlertRule('r', parsed({ ...base, condition: { kind: 'monitor_down' } })).condition;
    expect(down).toMatchObject({
      series: CHECK_SERIES.up,
      aggregate: 'last',
      op: '==',
      threshold: 0,
      staleMs: 300_000,
    });
    const heartbeat = compileAlertRule(
      'r',
      parsed({ ...base, condition: { kind: 'heartbeat_missing' } }),
    ).condition;
    expect(heartbeat.series).toBe(CHECK_SERIES.up);
    expect(heartbeat.matchers.map((m) => [m.name, m.op, m.value])).toEqual([['kind', '=', 'heartbeat']]);
    const certificate = compileAlertRule(
      'r',
      parsed({ ...base, condition: { kind: 'certificate_expiry', days: 14, staleAfter: '25h' } }),
    ).condition;
    expect(certificate).toMatchObject({
      series: CHECK_SERIES.certificateDaysLeft,
      op: '<',
      threshold: 14,
      staleMs: 25 * 3_600_000,
    });
  });

  it('compiles the dynamic baseline', () => {
    const rule = compileAlertRule(
      'r',
      parsed({
        ...base,
        condition: { kind: 'dynamic', series: 'cpu', baseline: { seasonality: 'hour_of_week' } },
      }),
    );
    expect(rule.condition).toMatchObject({
      kind: 'dynamic',
      direction: 'above',
      baseline: { seasonality: 'hour_of_week', historyMs: 28 * 24 * 3_600_000, k: 3, minPoints: 30 },
    });
  });

  it('refuses a document that skipped parsing, naming the field', () => {
    const doc = { ...parsed(base), annotations: { summary: '{{ $nope }}' } };
    expect(() => compileAlertRule('r', doc)).toThrow(/annotations\.summary unknown variable "\$nope"/);
  });
});
