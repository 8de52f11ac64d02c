import { describe, expect, it } from 'vitest';
import { ALERT_RULE_FIELDS, RECEIVER_FIELDS, ROUTE_FIELDS, SILENCE_FIELDS } from './alerting-fields.js';
import { documentToForm, type FormState, formToDocument, OTHER_FIELDS } from './document-form.js';
import { MONITOR_FIELDS } from './monitor-fields.js';
import { RUNBOOK_FIELDS } from './runbook-fields.js';

const stored = { id: '0193f2c4-5a1e-7000-8000-4a5b6c7d8e9f', version: 3, createdAt: 'x', updatedAt: 'y' };

const roundTrip = (fields: Parameters<typeof documentToForm>[0], doc: Record<string, unknown>) => {
  const result = formToDocument(fields, documentToForm(fields, doc), doc);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.doc;
};

describe('documentToForm and formToDocument', () => {
  it('give back the same document, without the server fields', () => {
    const monitor = {
      name: 'web-home',
      kind: 'http',
      service: 'web',
      url: 'https://www.example.org/',
      intervalSeconds: 30,
      expectedStatus: ['2xx', 301],
      assertions: [{ jsonPath: 'status', equals: 'ok' }],
      dependsOn: ['api', 'db'],
      labels: { team: 'ops' },
      followRedirects: false,
      paused: false,
    };
    expect(roundTrip(MONITOR_FIELDS, { ...monitor, ...stored })).toEqual(monitor);

    const rule = {
      name: 'api-cpu-high',
      severity: 'critical',
      for: '2m',
      condition: { kind: 'threshold', series: 'cpu_percent', window: '5m', op: '>', threshold: 90 },
      annotations: { summary: 'CPU at {{ $value }}%' },
    };
    expect(roundTrip(ALERT_RULE_FIELDS, rule)).toEqual(rule);

    const receiver = {
      name: 'ops-slack',
      kind: 'slack',
      url: { env: 'VIGIA_SLACK_WEBHOOK_URL' },
      channel: '#ops',
      sendResolved: true,
    };
    expect(roundTrip(RECEIVER_FIELDS, receiver)).toEqual(receiver);

    const runbook = {
      name: 'restart-db',
      trigger: { alert: { matchers: ['service="db"'] } },
      steps: [{ name: 'restart', action: { kind: 'http', url: 'https://ops.example/restart' } }],
      onFailure: 'next',
    };
    expect(roundTrip(RUNBOOK_FIELDS, runbook)).toEqual(runbook);
  });

  it('keeps fields the form has no input for in "Other fields", and sends them back', () => {
    const doc = {
      name: 'db-port',
      kind: 'tcp',
      service: 'db',
      host: 'db',
      port: 5432,
      futureField: { a: 1 },
    };
    const form = documentToForm(MONITOR_FIELDS, doc);
    expect(form.values).not.toHaveProperty('futureField');
    expect(JSON.parse(form.other)).toEqual({ futureField: { a: 1 } });
    expect(roundTrip(MONITOR_FIELDS, doc)).toEqual(doc);
  });

  it('keeps values an input cannot show as they are: an empty list, a field of another kind', () => {
    const route = { name: 'noisy', matchers: ['alertname="SlowQuery"'], receivers: [], groupBy: ['...'] };
    expect(roundTrip(ROUTE_FIELDS, route)).toEqual(route);
    const silence = { matchers: [], comment: 'x' };
    expect(documentToForm(SILENCE_FIELDS, silence).other).toContain('"matchers": []');
    expect(roundTrip(SILENCE_FIELDS, silence)).toEqual(silence);
    const strange = { name: 'm', kind: 'tcp', service: 's', host: 'h', url: 'http://x/' };
    expect(JSON.parse(documentToForm(MONITOR_FIELDS, strange).other)).toEqual({ url: 'http://x/' });
    expect(roundTrip(MONITOR_FIELDS, strange)).toEqual(strange);
  });

  it('shows lists of texts one per line and JSON values indented', () => {
    const form = documentToForm(SILENCE_FIELDS, {
      matchers: ['service="api"', 'team=~"ops|db"'],
      comment: 'x',
    });
    expect(form.values.matchers).toBe('service="api"\nteam=~"ops|db"');
    const rule = documentToForm(ALERT_RULE_FIELDS, { labels: { team: 'ops' } });
    expect(rule.values.labels).toBe('{\n  "team": "ops"\n}');
  });

  it('leaves empty inputs out, and a checkbox at its default out unless the document had it', () => {
    const form = documentToForm(MONITOR_FIELDS, { kind: 'http' });
    form.values.name = 'web';
    form.values.service = 'shop';
    form.values.url = 'http://127.0.0.1:9/health';
    expect(formToDocument(MONITOR_FIELDS, form, { kind: 'http' })).toEqual({
      ok: true,
      doc: { name: 'web', kind: 'http', service: 'shop', url: 'http://127.0.0.1:9/health' },
    });
    form.values.paused = true;
    form.values.intervalSeconds = ' 15 ';
    form.values.dependsOn = 'api\n\n db \n';
    const result = formToDocument(MONITOR_FIELDS, form);
    expect(result.ok && result.doc).toMatchObject({
      paused: true,
      intervalSeconds: 15,
      dependsOn: ['api', 'db'],
    });
  });

  it('sends only the fields of the kind chosen', () => {
    const form = documentToForm(MONITOR_FIELDS, { name: 'm', kind: 'http', service: 's', url: 'http://a/' });
    form.values.kind = 'tcp';
    form.values.host = 'db';
    form.values.port = '5432';
    expect(formToDocument(MONITOR_FIELDS, form)).toEqual({
      ok: true,
      doc: { name: 'm', kind: 'tcp', service: 's', host: 'db', port: 5432 },
    });
  });

  it('reads a text or a secret reference', () => {
    const form = documentToForm(RECEIVER_FIELDS, {
      name: 'hook',
      kind: 'webhook',
      url: 'https://h.example/x',
    });
    expect(form.values.url).toBe('https://h.example/x');
    form.values.url = '{ "env": "OPS_HOOK_URL" }';
    const result = formToDocument(RECEIVER_FIELDS, form);
    expect(result.ok && result.doc.url).toEqual({ env: 'OPS_HOOK_URL' });
  });

  it('names each field whose text cannot be read, and sends nothing', () => {
    const form: FormState = {
      values: { name: 'r', trigger: '{}', steps: '[{ "name": "a", }]', budget: '{}' },
      other: '[1]',
    };
    expect(formToDocument(RUNBOOK_FIELDS, form)).toEqual({
      ok: false,
      problems: [
        { field: OTHER_FIELDS, message: 'must be a JSON object of field names and values' },
        { field: 'steps', message: 'not valid JSON at line 1, column 17: a comma before } (remove it)' },
      ],
    });
    const number = documentToForm(MONITOR_FIELDS, { kind: 'http' });
    number.values.intervalSeconds = 'ten';
    expect(formToDocument(MONITOR_FIELDS, number)).toEqual({
      ok: false,
      problems: [{ field: 'intervalSeconds', message: 'must be a number, got "ten"' }],
    });
  });

  it('never sends server fields typed into "Other fields"', () => {
    const form = documentToForm(SILENCE_FIELDS, { matchers: ['a="b"'], comment: 'c' });
    form.other = '{ "createdBy": "me", "version": 9, "extra": 1 }';
    const result = formToDocument(SILENCE_FIELDS, form);
    expect(result.ok && result.doc).toEqual({ matchers: ['a="b"'], comment: 'c', extra: 1 });
  });
});
