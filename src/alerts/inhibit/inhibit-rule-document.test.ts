import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { inhibitRuleJsonSchema, parseInhibitRule } from './inhibit-rule-document.js';

const valid = {
  name: 'critical-mutes-warning',
  sourceMatchers: ['severity="critical"'],
  targetMatchers: ['severity="warning"'],
  equal: ['service'],
};

describe('parseInhibitRule', () => {
  it('keeps a valid rule, with no equal labels by default', () => {
    expect(parseInhibitRule(valid)).toEqual({ ok: true, value: valid });
    const { equal: _equal, ...withoutEqual } = valid;
    expect(parseInhibitRule(withoutEqual)).toEqual({ ok: true, value: { ...withoutEqual, equal: [] } });
  });

  it('lets the target match every alert (the source and equal narrow it)', () => {
    expect(parseInhibitRule({ ...valid, targetMatchers: ['severity!="critical"'] }).ok).toBe(true);
  });

  it.each([
    [{ sourceMatchers: undefined }, 'sourceMatchers', 'is required'],
    [{ sourceMatchers: [] }, 'sourceMatchers', 'list of 1..20 matchers'],
    [{ sourceMatchers: ['alertname=~".+|"'] }, 'sourceMatchers', 'match every alert'],
    [{ targetMatchers: ['severity="warning"', 'team=~"ops("'] }, 'targetMatchers[1]', 'regular expression'],
    [{ targetMatchers: 'severity="warning"' }, 'targetMatchers', 'got "severity=\\"warning\\""'],
    [{ equal: ['service', 'cluster name'] }, 'equal[1]', 'must be a label name'],
    [{ equal: ['service', 'service'] }, 'equal[1]', 'repeats "service"'],
    [{ equal: 'service' }, 'equal', 'list of at most 20 label names'],
    [{ name: '' }, 'name', 'got ""'],
    [{ sources: ['a="b"'] }, 'sources', 'is not a field of an inhibit rule'],
  ])('refuses %j naming %s', (change, field, message) => {
    const parsed = parseInhibitRule({ ...valid, ...change });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      const error = parsed.errors.find((e) => e.field === field);
      expect(error?.message, JSON.stringify(parsed.errors)).toContain(message);
    }
  });
});

describe('inhibitRuleJsonSchema', () => {
  const validate = new Ajv({ strict: false }).compile(inhibitRuleJsonSchema);

  it('accepts what the parser accepts and refuses unknown fields', () => {
    expect(validate(valid)).toBe(true);
    expect(validate({ ...valid, equal: undefined })).toBe(true);
    expect(validate({ ...valid, sources: [] })).toBe(false);
  });
});
