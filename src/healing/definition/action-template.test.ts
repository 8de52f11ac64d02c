import { describe, expect, it } from 'vitest';
import {
  type ActionTemplate,
  compileActionTemplate,
  headerSafe,
  jsonSafe,
  type TemplateContext,
  urlSafe,
} from './action-template.js';

function compiled(text: string): ActionTemplate {
  const result = compileActionTemplate(text);
  if (!result.ok) throw new Error(result.message);
  return result.template;
}

function failure(text: string): string {
  const result = compileActionTemplate(text);
  if (result.ok) throw new Error(`"${text}" compiled`);
  return result.message;
}

const alert: TemplateContext = {
  alertId: '0192-alert',
  ruleName: 'db-down',
  labels: { service: 'db', port: '5432' },
  annotations: { summary: 'db is down' },
};

describe('action templates', () => {
  it('renders labels, annotations, the alert id and rule', () => {
    const template = compiled(
      '{{ labels.service }}:{{labels.port}} {{ annotations.summary }} {{ alert.id }} {{ alert.rule }}',
    );
    expect(template.render(alert)).toBe('db:5432 db is down 0192-alert db-down');
    expect(template.variables).toEqual([
      { kind: 'label', name: 'service' },
      { kind: 'label', name: 'port' },
      { kind: 'annotation', name: 'summary' },
      { kind: 'alertId' },
      { kind: 'ruleName' },
    ]);
  });

  it('renders a missing label or annotation as empty text', () => {
    expect(compiled('[{{ labels.team }}][{{ annotations.runbook }}]').render(alert)).toBe('[][]');
  });

  it('leaves text without placeholders as it is', () => {
    expect(compiled('plain } { text').render(alert)).toBe('plain } { text');
  });

  it('refuses unknown variables, naming the position', () => {
    expect(failure('restart {{ labels.service }} on {{ host.name }}')).toBe(
      'unknown variable "host.name" at position 36 (known: labels.<name>, annotations.<name>, alert.id, alert.rule)',
    );
    expect(failure('{{ alert.severity }}')).toContain('unknown variable "alert.severity" at position 4');
    expect(failure('{{ labels }}')).toContain('unknown variable "labels" at position 4');
    expect(failure('{{ $labels.service }}')).toContain('(write labels.service without "$")');
  });

  it('refuses unclosed placeholders, empty ones and functions, naming the position', () => {
    expect(failure('x {{ labels.service')).toBe('"{{" at position 3 is not closed with "}}"');
    expect(failure('{{ }}')).toBe('expected a variable such as labels.service at position 4, found "}}"');
    expect(failure('{{ labels.service | default "x" }}')).toBe(
      'expected "}}" at position 19, found "| default "x" "',
    );
    expect(failure('{{ "quoted" }}')).toContain('expected a variable such as labels.service at position 4');
  });

  it('refuses texts that are too long', () => {
    expect(failure('x'.repeat(4001))).toBe('must be at most 4000 characters, got 4001');
    expect(compileActionTemplate('x'.repeat(5000), 16_000).ok).toBe(true);
  });
});

describe('encodings keep a value a value', () => {
  const hostile = {
    ...alert,
    labels: { service: 'x"; rm -rf /', path: '../../admin?x=1#f', crlf: 'a\r\nX-Evil: 1' },
  };

  it('text takes the value as it is, dropping only NUL characters', () => {
    expect(compiled('{{ labels.service }}').render(hostile)).toBe('x"; rm -rf /');
    expect(compiled('{{ labels.x }}').render({ ...alert, labels: { x: 'a\u0000b' } })).toBe('ab');
  });

  it('urlSafe percent-encodes every separator, so a value cannot leave its path segment', () => {
    const template = compiled('https://ops.example/restart/{{ labels.path }}?service={{ labels.service }}');
    const url = new URL(template.render(hostile, 'urlSafe'));
    expect(url.host).toBe('ops.example');
    expect(url.pathname).toBe('/restart/..%2F..%2Fadmin%3Fx%3D1%23f');
    expect(url.hash).toBe('');
    expect([...url.searchParams.keys()]).toEqual(['service']);
    expect(url.searchParams.get('service')).toBe('x"; rm -rf /');
  });

  it('urlSafe keeps `.` and `..` from climbing the path', () => {
    const template = compiled('https://ops.example/restart/{{ labels.service }}/now');
    for (const service of ['.', '..']) {
      const url = new URL(template.render({ ...alert, labels: { service } }, 'urlSafe'));
      expect(url.pathname.startsWith('/restart/')).toBe(true);
      expect(url.pathname.endsWith('/now')).toBe(true);
    }
  });

  it('urlSafe cannot change the port into a host', () => {
    const template = compiled('http://127.0.0.1:{{ labels.port }}/chaos');
    expect(
      () => new URL(template.render({ ...alert, labels: { port: '80@evil.example' } }, 'urlSafe')),
    ).toThrow();
    expect(new URL(template.render(alert, 'urlSafe')).port).toBe('5432');
  });

  it('jsonSafe keeps a value inside its JSON string', () => {
    const template = compiled('{"service":"{{ labels.service }}","admin":false}');
    const breakOut = { ...alert, labels: { service: 'x","admin":true,"y":"\\' } };
    expect(JSON.parse(template.render(breakOut, 'jsonSafe'))).toEqual({
      service: 'x","admin":true,"y":"\\',
      admin: false,
    });
    expect(JSON.parse(template.render(hostile, 'jsonSafe'))).toEqual({
      service: 'x"; rm -rf /',
      admin: false,
    });
  });

  it('headerSafe encodes CR and LF, so a value cannot add a header', () => {
    expect(compiled('{{ labels.crlf }}').render(hostile, 'headerSafe')).toBe('a%0D%0AX-Evil: 1');
    expect(headerSafe('café')).toBe('caf%C3%A9');
  });

  it('never throws, even on malformed text', () => {
    const lone = '\uD800';
    expect(urlSafe(lone)).toBe('%EF%BF%BD');
    expect(headerSafe(lone)).toBe('%EF%BF%BD');
    expect(jsonSafe(lone)).toBe('\\ud800');
    expect(urlSafe("a b!'()*")).toBe('a%20b%21%27%28%29%2A');
  });
});
