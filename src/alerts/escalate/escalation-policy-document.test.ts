import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { FieldError } from '../../kernel/index.js';
import {
  escalationPolicyJsonSchema,
  firstTierReceivers,
  parseEscalationPolicy,
  unknownPolicyReceivers,
} from './escalation-policy-document.js';

const EXAMPLE = `
name: db-escalation
tiers:
  - receivers: [db-oncall]
    escalateAfter: 10m
  - receivers: [db-lead, cto-mail]
    escalateAfter: 30m
repeat: true
maxRounds: 3
`;

function errorsOf(doc: unknown): FieldError[] {
  const parsed = parseEscalationPolicy(doc);
  if (parsed.ok) throw new Error('expected the document to be refused');
  return parsed.errors;
}

describe('parseEscalationPolicy', () => {
  it('accepts a policy as written in vigia.yaml', () => {
    const parsed = parseEscalationPolicy(parseYaml(EXAMPLE));
    expect(parsed).toEqual({
      ok: true,
      value: {
        name: 'db-escalation',
        tiers: [
          { receivers: ['db-oncall'], escalateAfter: '10m' },
          { receivers: ['db-lead', 'cto-mail'], escalateAfter: '30m' },
        ],
        repeat: true,
        maxRounds: 3,
      },
    });
    if (parsed.ok) expect(firstTierReceivers(parsed.value)).toEqual(['db-oncall']);
  });

  it('repeats 3 rounds unless told otherwise', () => {
    const parsed = parseEscalationPolicy({ name: 'p', tiers: [{ receivers: ['a'], escalateAfter: '1h' }] });
    expect(parsed.ok && parsed.value).toMatchObject({ repeat: true, maxRounds: 3 });
  });

  it('names each wrong field with what was expected and the value given', () => {
    const errors = errorsOf({
      name: 'db escalation',
      tiers: [
        { receivers: [], escalateAfter: '10m' },
        { receivers: ['a'], escalateAfter: '30s' },
        { receivers: ['a'], escalateAfter: '8d' },
        { receivers: ['a', 'a'], escalateAfter: 'soon' },
      ],
      repeat: 'always',
      maxRounds: 0,
    });
    expect(errors).toEqual([
      { field: 'name', message: expect.stringContaining('got "db escalation"') },
      { field: 'tiers[0].receivers', message: 'must be a list of 1..10 receiver names, got []' },
      { field: 'tiers[1].escalateAfter', message: expect.stringMatching(/from 1m to 1w\b.*got "30s"/) },
      { field: 'tiers[2].escalateAfter', message: expect.stringContaining('got "8d"') },
      { field: 'tiers[3].receivers[1]', message: 'receiver "a" is listed twice' },
      { field: 'tiers[3].escalateAfter', message: expect.stringContaining('got "soon"') },
      { field: 'repeat', message: 'must be true or false, got "always"' },
      { field: 'maxRounds', message: 'must be a whole number from 1 to 100, got 0' },
    ]);
  });

  it('refuses no tiers, more than 10, unknown fields by name, and a missing escalateAfter', () => {
    expect(errorsOf({ name: 'p', tiers: [] }).map((e) => e.field)).toEqual(['tiers']);
    const eleven = Array.from({ length: 11 }, () => ({ receivers: ['a'], escalateAfter: '5m' }));
    expect(errorsOf({ name: 'p', tiers: eleven }).map((e) => e.field)).toEqual(['tiers']);
    expect(
      errorsOf({ name: 'p', tiers: [{ receivers: ['a'], escalateAfter: '5m', after: '1m' }], rounds: 2 }),
    ).toEqual(
      expect.arrayContaining([
        { field: 'tiers[0].after', message: 'is not a known field' },
        { field: 'rounds', message: 'is not a known field' },
      ]),
    );
    expect(errorsOf({ name: 'p', tiers: [{ receivers: ['a'] }] })).toEqual([
      { field: 'tiers[0].escalateAfter', message: expect.stringMatching(/^is required/) },
    ]);
  });
});

describe('escalationPolicyJsonSchema', () => {
  it('accepts what the parser accepts and refuses unknown fields', () => {
    const validate = new Ajv({ strict: false }).compile(escalationPolicyJsonSchema);
    expect(escalationPolicyJsonSchema).not.toHaveProperty('$schema');
    expect(validate(parseYaml(EXAMPLE))).toBe(true);
    expect(validate({ name: 'p', tiers: [{ receivers: ['a'], escalateAfter: '1m' }] })).toBe(true);
    expect(validate({ name: 'p', tiers: [{ receivers: ['a'], escalateAfter: '1m', x: 1 }] })).toBe(false);
  });
});

describe('unknownPolicyReceivers', () => {
  it('names each receiver that does not exist by tier and position', () => {
    const parsed = parseEscalationPolicy(parseYaml(EXAMPLE));
    if (!parsed.ok) throw new Error('example must parse');
    expect(unknownPolicyReceivers(parsed.value, new Set(['db-oncall', 'db-lead']))).toEqual([
      { field: 'tiers[1].receivers[1]', message: 'receiver "cto-mail" does not exist' },
    ]);
  });
});
