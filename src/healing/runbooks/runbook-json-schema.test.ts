import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseRunbook, runbookJsonSchema } from './index.js';

const Ajv = AjvModule.default ?? AjvModule;

/** Fastify's options, with Ajv strict in every respect. */
function validator() {
  const ajv = new Ajv({ strict: true, coerceTypes: 'array', useDefaults: true, removeAdditional: false });
  return ajv.compile(runbookJsonSchema);
}

const everyKind = {
  name: 'restart-db',
  description: 'restarts the database',
  enabled: true,
  dryRun: true,
  trigger: {
    alert: { matchers: ['service="db"'], severities: ['critical'], rules: ['db-down'] },
    event: { typePattern: 'deploy.*' },
  },
  steps: [
    {
      name: 'fault-off',
      when: { cause: 'dependency_down', subject: 'db', minConfidence: 0.5, among: 'first' },
      action: { kind: 'simulator_fault_off', url: 'http://127.0.0.1:{{ labels.port }}' },
      timeout: '10s',
      retries: 2,
      onFailure: 'next',
      alternatives: true,
    },
    {
      name: 'restart',
      action: {
        kind: 'http',
        method: 'POST',
        url: 'https://ops.example/restart/{{ labels.service }}',
        headers: { 'X-Alert': '{{ alert.id }}' },
        body: '{"service":"{{ labels.service }}"}',
      },
    },
    { name: 'ask', action: { kind: 'approval', approvers: ['admin'], expiresIn: '15m' } },
    {
      name: 'script',
      action: { kind: 'command', executable: '/usr/local/bin/restart-db', args: ['--service'] },
    },
    { name: 'tell', action: { kind: 'notify', receivers: ['ops'], message: 'healing' } },
  ],
  verify: { within: '2m' },
  onFailure: 'escalate',
  budget: { maxActionsPerHour: 3, per: 'service' },
};

describe('runbookJsonSchema', () => {
  it('compiles under strict Ajv with no $ref, no $schema and no default', () => {
    expect(() => validator()).not.toThrow();
    const text = JSON.stringify(runbookJsonSchema);
    expect(text).not.toContain('$ref');
    expect(text).not.toContain('$schema');
    expect(text).not.toContain('"default"');
  });

  it('accepts every field of every action kind that parseRunbook accepts, changing nothing', () => {
    expect(parseRunbook(everyKind).ok).toBe(true);
    const validate = validator();
    const doc = structuredClone(everyKind);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc).toEqual(everyKind);
  });

  it('refuses unknown fields, nested ones too', () => {
    const validate = validator();
    expect(validate({ ...everyKind, extra: 1 })).toBe(false);
    const step = { name: 'x', action: { kind: 'notify', receivers: ['ops'], message: 'm', channel: 'c' } };
    expect(validate({ ...everyKind, steps: [step] })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ params: { additionalProperty: 'channel' } });
  });

  it('lets a shell string through to parseRunbook, which refuses it by name', () => {
    const doc = {
      ...everyKind,
      steps: [
        { name: 'x', action: { kind: 'command', executable: '/usr/local/bin/x', args: '--all; rm -rf /' } },
      ],
    };
    expect(validator()(doc)).toBe(true);
    expect(doc.steps[0]!.action.args).toBe('--all; rm -rf /');
    const parsed = parseRunbook(doc);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.map((e) => e.field)).toEqual(['steps[0].action.args']);
  });
});
