import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { FieldError } from '../../kernel/index.js';
import { parseRunbook, type RunbookDocument } from './index.js';

/** The runbook of the issue, as a user writes it in vigia.yaml. */
const EXAMPLE = `
name: restart-db
enabled: true
dryRun: false
trigger:
  alert: { matchers: ['service="db"'], severities: [critical, error], rules: [default-service-unavailable] }
steps:
  - name: switch-fault-off
    when: { cause: dependency_down, subject: db }
    action:
      kind: simulator_fault_off
      url: 'http://127.0.0.1:{{ labels.port }}'
    timeout: 10s
    retries: 2
  - name: restart
    action: { kind: http, method: POST, url: 'https://ops.example/restart/{{ labels.service }}', body: '{"service":"{{ labels.service }}"}', headers: {} }
  - name: ask-a-human
    action: { kind: approval, approvers: [admin], expiresIn: 15m }
  - name: run-script
    action: { kind: command, executable: /usr/local/bin/restart-db, args: ['--service', '{{ labels.service }}'] }
  - name: tell
    action: { kind: notify, receivers: [ops-hook], message: 'healing {{ labels.service }}' }
verify: { within: 2m }
onFailure: escalate
budget: { maxActionsPerHour: 3 }
`;

const notify = { kind: 'notify', receivers: ['ops'], message: 'healing {{ labels.service }}' };
const base = {
  name: 'restart-db',
  trigger: { alert: { matchers: ['service="db"'] } },
  steps: [{ name: 'tell', action: notify }],
};

function parsed(doc: unknown): RunbookDocument {
  const result = parseRunbook(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

function errors(doc: unknown): FieldError[] {
  const result = parseRunbook(doc);
  if (result.ok) throw new Error('the document was accepted');
  return result.errors;
}

function errorOn(doc: unknown, field: string): string {
  const found = errors(doc).find((error) => error.field === field);
  if (!found) throw new Error(`no error on ${field}: ${JSON.stringify(errors(doc))}`);
  return found.message;
}

/** The base runbook with one step whose action is `action` (and other step fields). */
function withAction(action: Record<string, unknown>, step: Record<string, unknown> = {}) {
  return { ...base, steps: [{ name: 'act', action, ...step }] };
}

describe('parseRunbook', () => {
  it('accepts the example of the issue as written in YAML', () => {
    const runbook = parsed(parseYaml(EXAMPLE));
    expect(runbook.trigger.alert).toEqual({
      matchers: ['service="db"'],
      severities: ['critical', 'error'],
      rules: ['default-service-unavailable'],
    });
    expect(runbook.steps.map((step) => step.action.kind)).toEqual([
      'simulator_fault_off',
      'http',
      'approval',
      'command',
      'notify',
    ]);
    expect(runbook.steps[0]).toMatchObject({
      when: { cause: 'dependency_down', subject: 'db', among: 'any' },
      timeout: '10s',
      retries: 2,
    });
    expect(runbook.budget).toEqual({ maxActionsPerHour: 3, per: 'service' });
  });

  it('fills in the defaults of a minimal runbook', () => {
    expect(parsed(base)).toEqual({
      name: 'restart-db',
      enabled: true,
      dryRun: false,
      trigger: { alert: { matchers: ['service="db"'], severities: [], rules: [] } },
      steps: [{ name: 'tell', action: notify, timeout: '30s', retries: 0, alternatives: false }],
      verify: { within: '2m' },
      onFailure: 'escalate',
      budget: { maxActionsPerHour: 3, per: 'service' },
    });
  });

  it('fills in action defaults: POST with no headers, no arguments, approvals expiring in 15m', () => {
    expect(parsed(withAction({ kind: 'http', url: 'https://ops.example/restart' })).steps[0]!.action).toEqual(
      {
        kind: 'http',
        method: 'POST',
        url: 'https://ops.example/restart',
        headers: {},
      },
    );
    expect(parsed(withAction({ kind: 'command', executable: '/usr/bin/true' })).steps[0]!.action).toEqual({
      kind: 'command',
      executable: '/usr/bin/true',
      args: [],
    });
    expect(parsed(withAction({ kind: 'approval', approvers: ['admin'] })).steps[0]!.action).toEqual({
      kind: 'approval',
      approvers: ['admin'],
      expiresIn: '15m',
    });
  });

  it('accepts event triggers with wildcards, and step overrides', () => {
    const runbook = parsed({
      ...base,
      trigger: { event: { typePattern: 'deploy.*' } },
      steps: [
        { name: 'tell', action: notify, onFailure: 'next', alternatives: true, when: { among: 'first' } },
      ],
    });
    expect(runbook.trigger).toEqual({ event: { typePattern: 'deploy.*' } });
    expect(runbook.steps[0]).toMatchObject({
      onFailure: 'next',
      alternatives: true,
      when: { among: 'first' },
    });
  });

  it('refuses a document that is not an object, and names missing fields', () => {
    expect(errors(null)).toEqual([
      { field: '(document)', message: 'must be a runbook document (an object), got null' },
    ]);
    expect(errors({})).toEqual([
      { field: 'name', message: 'is required (an identifier such as restart-db)' },
      { field: 'trigger', message: 'is required (a trigger with alert and/or event)' },
      { field: 'steps', message: 'is required (a list of steps)' },
    ]);
  });

  it('refuses unknown fields by name, at every level', () => {
    expect(errors({ ...base, retry: 3 })).toEqual([{ field: 'retry', message: 'is not a known field' }]);
    const labelsInTrigger = { ...base, trigger: { alert: { matchers: ['service="db"'], labels: {} } } };
    expect(errorOn(labelsInTrigger, 'trigger.alert.labels')).toBe('is not a known field');
    expect(errorOn(withAction({ ...notify, channel: 'x' }), 'steps[0].action.channel')).toBe(
      'is not a known field',
    );
    expect(errorOn(withAction(notify, { delay: '1s' }), 'steps[0].delay')).toBe('is not a known field');
    expect(errorOn({ ...base, budget: { max: 1 } }, 'budget.max')).toBe('is not a known field');
  });

  it('names a bad name, flags and onFailure', () => {
    expect(errorOn({ ...base, name: 'restart db' }, 'name')).toContain('must start with a letter or digit');
    expect(errorOn({ ...base, enabled: 'yes' }, 'enabled')).toBe('must be true or false, got "yes"');
    expect(errorOn({ ...base, dryRun: 1 }, 'dryRun')).toBe('must be true or false, got 1');
    expect(errorOn({ ...base, onFailure: 'retry' }, 'onFailure')).toBe(
      'must be escalate or next, got "retry"',
    );
  });

  it('needs a trigger, and an alert trigger that names something', () => {
    const alertTrigger = (alert: unknown) => ({ ...base, trigger: { alert } });
    expect(errorOn({ ...base, trigger: {} }, 'trigger')).toBe('must have an alert or an event trigger');
    expect(errorOn(alertTrigger({}), 'trigger.alert')).toBe(
      'must name at least one of matchers, severities or rules',
    );
    expect(errorOn(alertTrigger({ matchers: ['service=db'] }), 'trigger.alert.matchers[0]')).toBe(
      '"service=db" is not a matcher such as service="api" or team=~"ops|db"',
    );
    expect(errorOn(alertTrigger({ severities: ['fatal'] }), 'trigger.alert.severities[0]')).toBe(
      'must be one of info, warning, error, critical, got "fatal"',
    );
    expect(errorOn(alertTrigger({ rules: ['a rule'] }), 'trigger.alert.rules[0]')).toContain(
      'must start with a letter or digit',
    );
  });

  it('refuses event patterns that are malformed, match everything or match healing itself', () => {
    const pattern = (typePattern: unknown) => ({ ...base, trigger: { event: { typePattern } } });
    expect(errorOn(pattern('deploy started'), 'trigger.event.typePattern')).toContain(
      'must be an event type pattern',
    );
    expect(errorOn(pattern('*'), 'trigger.event.typePattern')).toContain('must be an event type pattern');
    expect(errorOn(pattern('healing.*'), 'trigger.event.typePattern')).toBe(
      "must not match healing's own events (it matches healing.alert_diagnosed): the runbook would trigger itself",
    );
    expect(errorOn(pattern('*.action_failed'), 'trigger.event.typePattern')).toContain(
      "must not match healing's own",
    );
    expect(errorOn({ ...base, trigger: { event: {} } }, 'trigger.event.typePattern')).toContain(
      'is required',
    );
  });

  it('names bad steps: none, too many, repeated names', () => {
    expect(errorOn({ ...base, steps: [] }, 'steps')).toBe('must have at least 1 step');
    const many = Array.from({ length: 21 }, (_, i) => ({ name: `s${i}`, action: notify }));
    expect(errorOn({ ...base, steps: many }, 'steps')).toBe('must have at most 20 steps, got 21');
    const twice = { ...base, steps: [base.steps[0], base.steps[0]] };
    expect(errorOn(twice, 'steps[1].name')).toBe('repeats the name of steps[0]');
  });

  it('bounds timeouts to 1s..10m and retries to 0..5', () => {
    expect(errorOn(withAction(notify, { timeout: '500ms' }), 'steps[0].timeout')).toBe(
      'must be a duration from 1s to 10m, got "500ms"',
    );
    expect(errorOn(withAction(notify, { timeout: '11m' }), 'steps[0].timeout')).toBe(
      'must be a duration from 1s to 10m, got "11m"',
    );
    expect(errorOn(withAction(notify, { timeout: 'soon' }), 'steps[0].timeout')).toContain(
      'must be a duration such as',
    );
    expect(errorOn(withAction(notify, { retries: 6 }), 'steps[0].retries')).toBe(
      'must be a whole number from 0 to 5, got 6',
    );
    expect(errorOn(withAction(notify, { retries: 1.5 }), 'steps[0].retries')).toContain('whole number');
    expect(parsed(withAction(notify, { timeout: '10m', retries: 5 })).steps[0]).toMatchObject({
      timeout: '10m',
      retries: 5,
    });
  });

  it('names a bad diagnosis condition', () => {
    expect(errorOn(withAction(notify, { when: { cause: 'gremlins' } }), 'steps[0].when.cause')).toContain(
      'must be one of dependency_down, shared_dependency',
    );
    expect(errorOn(withAction(notify, { when: { minConfidence: 1.5 } }), 'steps[0].when.minConfidence')).toBe(
      'must be a number from 0 to 1, got 1.5',
    );
    expect(errorOn(withAction(notify, { when: { among: 'all' } }), 'steps[0].when.among')).toBe(
      'must be first or any, got "all"',
    );
    expect(errorOn(withAction(notify, { when: { service: 'db' } }), 'steps[0].when.service')).toBe(
      'is not a known field',
    );
  });

  it('names a missing or unknown action kind', () => {
    expect(errorOn(withAction({}), 'steps[0].action.kind')).toBe(
      'is required (one of http, command, simulator_fault_off, notify, approval)',
    );
    expect(errorOn(withAction({ kind: 'shell' }), 'steps[0].action.kind')).toBe(
      'must be one of http, command, simulator_fault_off, notify, approval, got "shell"',
    );
    expect(errorOn({ ...base, steps: [{ name: 'act' }] }, 'steps[0].action')).toContain('is required');
  });

  it('refuses a command given as one shell string', () => {
    const shell = withAction({
      kind: 'command',
      executable: '/usr/local/bin/restart-db',
      args: '--service db; rm -rf /',
    });
    expect(errorOn(shell, 'steps[0].action.args')).toBe(
      'must be a list of arguments such as ["--service", "{{ labels.service }}"], never a single shell string, got "--service db; rm -rf /"',
    );
    const inline = withAction({ kind: 'command', executable: '/usr/local/bin/restart-db --service db' });
    expect(errorOn(inline, 'steps[0].action.executable')).toContain(
      'must be a path alone, without spaces or templates',
    );
    expect(
      errorOn(withAction({ kind: 'command', executable: 'restart-db' }), 'steps[0].action.executable'),
    ).toBe('must be the absolute path of a program such as /usr/local/bin/restart-db, got "restart-db"');
    for (const shellPath of ['/bin/sh', '/usr/bin/bash', '/usr/bin/env']) {
      const viaShell = withAction({ kind: 'command', executable: shellPath, args: ['-c', 'x'] });
      expect(errorOn(viaShell, 'steps[0].action.executable')).toContain('must not be a shell');
    }
    const notText = withAction({ kind: 'command', executable: '/bin/x', args: ['ok', 42] });
    expect(errorOn(notText, 'steps[0].action.args[1]')).toBe('must be an argument (a template), got 42');
  });

  it('refuses http URLs with credentials, other schemes or a templated host', () => {
    const http = (url: string) => withAction({ kind: 'http', url });
    expect(errorOn(http('https://admin:secret@ops.example/restart'), 'steps[0].action.url')).toBe(
      'must not hold credentials (user:password@); runbooks are stored in the event log',
    );
    expect(errorOn(http('https://{{ labels.user }}@ops.example/'), 'steps[0].action.url')).toContain(
      'must not hold credentials',
    );
    expect(errorOn(http('ftp://ops.example/restart'), 'steps[0].action.url')).toBe(
      'must start with http:// or https://, got "ftp://ops.example/restart"',
    );
    expect(errorOn(http('{{ annotations.url }}'), 'steps[0].action.url')).toContain(
      'must start with http://',
    );
    expect(errorOn(http('http://{{ labels.host }}/restart'), 'steps[0].action.url')).toContain(
      'must name its host literally',
    );
    expect(errorOn(http('http://db.{{ labels.zone }}.example/'), 'steps[0].action.url')).toContain(
      'must name its host literally',
    );
    expect(errorOn(http('http://ops.example:port/'), 'steps[0].action.url')).toContain('is not a valid URL');
    expect(errorOn(http('https://ops.example/{{ labels.x | upper }}'), 'steps[0].action.url')).toContain(
      'is not a valid template: expected "}}" at position',
    );
    const faultOff = (url: string) => withAction({ kind: 'simulator_fault_off', url });
    expect(errorOn(faultOff('file:///etc'), 'steps[0].action.url')).toContain('must start with http://');
    expect(errors(faultOff('http://ops.example:8081')).map((e) => e.message)).toEqual([
      'must be a loopback address such as http://127.0.0.1:8081 (simulated services listen there), got "http://ops.example:8081"',
    ]);
    expect(parsed(faultOff('http://[::1]:{{ labels.port }}')).steps[0]!.action.kind).toBe(
      'simulator_fault_off',
    );
  });

  it('refuses bodies with placeholders outside JSON strings, and GET bodies', () => {
    const http = (body: string, method = 'POST') =>
      withAction({ kind: 'http', method, url: 'https://ops.example/', body });
    const message =
      'must be a JSON document with every {{ … }} inside a quoted string, e.g. {"service":"{{ labels.service }}"}';
    expect(errorOn(http('{"count": {{ labels.count }} }'), 'steps[0].action.body')).toBe(message);
    expect(errorOn(http('service={{ labels.service }}'), 'steps[0].action.body')).toBe(message);
    expect(errorOn(http('{"a":"\\{{ labels.x }}"}'), 'steps[0].action.body')).toBe(message);
    expect(errorOn(http('{"a":1}', 'GET'), 'steps[0].action.body')).toBe('is not allowed with method GET');
    expect(errorOn(http('{}', 'OPTIONS'), 'steps[0].action.method')).toContain('must be one of GET, POST');
  });

  it('refuses headers the client sets or that carry credentials', () => {
    const http = (headers: unknown) => withAction({ kind: 'http', url: 'https://ops.example/', headers });
    expect(errorOn(http({ Authorization: 'Bearer x' }), 'steps[0].action.headers.Authorization')).toBe(
      'must not be set in a runbook: credentials would be stored in the event log',
    );
    expect(errorOn(http({ 'Content-Length': '1' }), 'steps[0].action.headers.Content-Length')).toBe(
      'is set by the HTTP client and cannot be set here',
    );
    expect(errorOn(http({ 'bad name': 'x' }), 'steps[0].action.headers.bad name')).toBe(
      'is not a valid header name',
    );
    expect(errorOn(http({ 'X-Service': '{{ service }}' }), 'steps[0].action.headers.X-Service')).toContain(
      'is not a valid template: unknown variable "service"',
    );
    expect(parsed(http({ 'X-Service': '{{ labels.service }}' })).steps[0]!.action).toMatchObject({
      headers: { 'X-Service': '{{ labels.service }}' },
    });
  });

  it('needs approvers and an expiry from 1m to 24h, and refuses timeouts on approvals', () => {
    const approval = (fields: Record<string, unknown>, step: Record<string, unknown> = {}) =>
      withAction({ kind: 'approval', approvers: ['admin'], ...fields }, step);
    expect(errorOn(approval({ approvers: [] }), 'steps[0].action.approvers')).toBe(
      'must not be empty (name at least one: a user name or a role)',
    );
    expect(errorOn(approval({ approvers: undefined }), 'steps[0].action.approvers')).toContain('is required');
    expect(errorOn(approval({ expiresIn: '30s' }), 'steps[0].action.expiresIn')).toBe(
      'must be a duration from 1m to 24h, got "30s"',
    );
    expect(errorOn(approval({ expiresIn: '25h' }), 'steps[0].action.expiresIn')).toBe(
      'must be a duration from 1m to 24h, got "25h"',
    );
    expect(errorOn(approval({}, { timeout: '1m' }), 'steps[0].timeout')).toBe(
      'is not allowed on an approval step (it waits until action.expiresIn)',
    );
    expect(parsed(approval({ expiresIn: '24h' })).steps[0]!.action).toMatchObject({ expiresIn: '24h' });
  });

  it('needs notify receivers by name and a valid message template', () => {
    const tell = (fields: Record<string, unknown>) => withAction({ ...notify, ...fields });
    // None named (or the field left out): the receivers the alert routes to.
    expect(parsed(tell({ receivers: [] })).steps[0]?.action).toMatchObject({ receivers: [] });
    const { receivers: _none, ...withoutReceivers } = notify;
    expect(parsed(withAction(withoutReceivers)).steps[0]?.action).toMatchObject({ receivers: [] });
    expect(errorOn(tell({ receivers: 'ops' }), 'steps[0].action.receivers')).toContain('must be a list');
    expect(errorOn(tell({ receivers: ['ops hook'] }), 'steps[0].action.receivers[0]')).toContain(
      'must start with a letter or digit',
    );
    expect(errorOn(tell({ receivers: ['ops', 'ops'] }), 'steps[0].action.receivers[1]')).toBe(
      'repeats "ops"',
    );
    expect(errorOn(tell({ message: 'on {{ labels.service' }), 'steps[0].action.message')).toBe(
      'is not a valid template: "{{" at position 4 is not closed with "}}"',
    );
  });

  it('bounds verify and budget', () => {
    expect(errorOn({ ...base, verify: { within: '5s' } }, 'verify.within')).toBe(
      'must be a duration from 10s to 1h, got "5s"',
    );
    expect(errorOn({ ...base, budget: { maxActionsPerHour: 0 } }, 'budget.maxActionsPerHour')).toBe(
      'must be a whole number from 1 to 100, got 0',
    );
    expect(errorOn({ ...base, budget: { per: 'the service' } }, 'budget.per')).toContain(
      'must be a label name',
    );
    expect(parsed({ ...base, budget: { per: 'instance' } }).budget).toEqual({
      maxActionsPerHour: 3,
      per: 'instance',
    });
  });

  it('reports every problem of a document at once', () => {
    const doc = { name: '', trigger: {}, steps: [{ name: 'x', action: { kind: 'notify' } }], budget: 3 };
    expect(errors(doc).map((error) => error.field)).toEqual(
      expect.arrayContaining(['name', 'trigger', 'steps[0].action.message', 'budget']),
    );
  });
});
